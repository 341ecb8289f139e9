// Tab and Shift+Tab kept inside a dialog (the page's document view, the widget's full-screen panel).

/**
 * On Tab, moves focus from the last of `focusable` back to the first, and on Shift+Tab from the
 * first to the last; focus found outside them is brought back in. In a shadow root, the
 * focused element is the root's, not the document's.
 */
export function keepFocusIn(container: HTMLElement, focusable: readonly HTMLElement[], e: KeyboardEvent): void {
  const [first, last] = [focusable[0], focusable[focusable.length - 1]]
  if (!first) return
  const root = container.getRootNode()
  const active = (root instanceof ShadowRoot ? root.activeElement : document.activeElement) as HTMLElement | null
  const inside = active !== null && focusable.includes(active)
  if (e.shiftKey && (active === first || !inside)) {
    e.preventDefault()
    last.focus()
  } else if (!e.shiftKey && (active === last || !inside)) {
    e.preventDefault()
    first.focus()
  }
}
