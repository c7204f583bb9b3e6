/** happy-dom lays nothing out: give recharts and the virtualiser a size to work with. */
export function giveElementsASize(height = 640, width = 1000): () => void {
  const proto = HTMLElement.prototype;
  const saved = {
    clientHeight: Object.getOwnPropertyDescriptor(proto, 'clientHeight'),
    clientWidth: Object.getOwnPropertyDescriptor(proto, 'clientWidth'),
  };
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get: () => height });
  Object.defineProperty(proto, 'clientWidth', { configurable: true, get: () => width });
  return () => {
    if (saved.clientHeight) Object.defineProperty(proto, 'clientHeight', saved.clientHeight);
    if (saved.clientWidth) Object.defineProperty(proto, 'clientWidth', saved.clientWidth);
  };
}
