/**
 * Largest-Triangle-Three-Buckets: keeps the visual shape of a long series in `threshold` points, so a
 * chart never draws more points than it has pixels (recharts draws one SVG node per point).
 */
export function downsampleLttb<T>(data: T[], threshold: number, y: (p: T) => number): T[] {
  if (threshold >= data.length || threshold < 3) return data;
  const sampled: T[] = [data[0]];
  const bucketSize = (data.length - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    const avgStart = Math.floor((i + 1) * bucketSize) + 1;
    const avgEnd = Math.min(Math.floor((i + 2) * bucketSize) + 1, data.length);
    let avgX = 0;
    let avgY = 0;
    for (let j = avgStart; j < avgEnd; j++) {
      avgX += j;
      avgY += y(data[j]);
    }
    const n = Math.max(avgEnd - avgStart, 1);
    avgX /= n;
    avgY /= n;
    const rangeStart = Math.floor(i * bucketSize) + 1;
    const rangeEnd = Math.floor((i + 1) * bucketSize) + 1;
    const ax = a;
    const ay = y(data[a]);
    let maxArea = -1;
    let next = rangeStart;
    for (let j = rangeStart; j < rangeEnd; j++) {
      const area = Math.abs((ax - avgX) * (y(data[j]) - ay) - (ax - j) * (avgY - ay));
      if (area > maxArea) {
        maxArea = area;
        next = j;
      }
    }
    sampled.push(data[next]);
    a = next;
  }
  sampled.push(data[data.length - 1]);
  return sampled;
}
