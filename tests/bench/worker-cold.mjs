// One fresh process: import the bundled worker and serve /ask twice, reporting CPU time for
// each step (a stand-in for a new isolate: same V8, same bundle). Plain JS, so no loader
// adds to the figures.
const bundle = process.argv[2]
const question = process.argv[3] ?? 'What did Laming say about court fees?'
const cpu = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
const env = { ASSETS: { fetch: async () => new Response('not found', { status: 404 }) } }
const ctx = { waitUntil() {}, passThroughOnException() {} }
const ask = async (worker) => (await worker.fetch(new Request(`http://w/ask?q=${encodeURIComponent(question)}`), env, ctx)).text()

// Node loads its fetch classes and other internals lazily on first use; workerd's are native.
// A throwaway instance of the bundle pays for that; a second, fresh module instance (its own
// functions, nothing compiled yet) then stands for a new isolate.
const n0 = cpu()
await ask((await import(`${bundle}?throwaway`)).default)
const nodeInternalsMs = cpu() - n0
const t0 = cpu()
const worker = (await import(`${bundle}?fresh`)).default
await new Promise((resolve) => setTimeout(resolve, 0))
const t1 = cpu()
await ask(worker)
const t2 = cpu()
await ask(worker)
const t3 = cpu()
console.log(JSON.stringify({ nodeInternalsMs, importMs: t1 - t0, firstRequestMs: t2 - t1, warmRequestMs: t3 - t2 }))
