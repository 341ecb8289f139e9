// Logistic regression with an intercept and an L2 penalty, by Newton's method on standardised
// features. Written here because the maintained JS package (ml-logistic-regression) fits no
// intercept, has no penalty and predicts classes rather than probabilities; this is ~40 lines.

export interface LogisticFit {
  coefficients: number[]
  intercept: number
  mean: number[]
  scale: number[]
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

export function predict(fit: LogisticFit, x: readonly number[]): number {
  let z = fit.intercept
  for (let j = 0; j < x.length; j++) z += fit.coefficients[j] * ((x[j] - fit.mean[j]) / (fit.scale[j] || 1))
  return sigmoid(z)
}

/** Solve A x = b for a small symmetric positive-definite A (Gaussian elimination). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length
  const m = a.map((row, i) => [...row, b[i]])
  for (let c = 0; c < n; c++) {
    let p = c
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r
    ;[m[c], m[p]] = [m[p], m[c]]
    for (let r = 0; r < n; r++) {
      if (r === c || m[c][c] === 0) continue
      const f = m[r][c] / m[c][c]
      for (let k = c; k <= n; k++) m[r][k] -= f * m[c][k]
    }
  }
  return m.map((row, i) => (row[i] === 0 ? 0 : row[n] / row[i]))
}

/** Fit p(y=1 | x); `l2` penalises the coefficients (not the intercept). */
export function fitLogistic(xs: readonly number[][], ys: readonly number[], l2 = 1): LogisticFit {
  const d = xs[0]?.length ?? 0
  const mean = Array.from({ length: d }, (_, j) => xs.reduce((s, x) => s + x[j], 0) / xs.length)
  const scale = Array.from({ length: d }, (_, j) => Math.sqrt(xs.reduce((s, x) => s + (x[j] - mean[j]) ** 2, 0) / xs.length) || 1)
  const z = xs.map((x) => [1, ...x.map((v, j) => (v - mean[j]) / scale[j])])
  let w = new Array<number>(d + 1).fill(0)
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Array<number>(d + 1).fill(0)
    const hess = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0))
    z.forEach((x, i) => {
      const p = sigmoid(x.reduce((s, v, j) => s + v * w[j], 0))
      for (let j = 0; j <= d; j++) {
        grad[j] += (p - ys[i]) * x[j]
        for (let k = 0; k <= d; k++) hess[j][k] += p * (1 - p) * x[j] * x[k]
      }
    })
    for (let j = 1; j <= d; j++) {
      grad[j] += l2 * w[j]
      hess[j][j] += l2
    }
    hess[0][0] += 1e-9
    const step = solve(hess, grad)
    w = w.map((v, j) => v - step[j])
    if (Math.max(...step.map(Math.abs)) < 1e-8) break
  }
  return { intercept: w[0], coefficients: w.slice(1), mean, scale }
}
