/** A MyBucksService whose every method records its input and answers `{ method, input }`. */
import { apiMethods } from '../../src/shared/contract';
import type { MyBucksService } from '../../src/shared/contract';

export interface RecordingService {
  service: MyBucksService;
  calls: { method: string; input: unknown }[];
  /** Makes the next call of `method` throw `error`. */
  failNext(method: string, error: unknown): void;
}

export function recordingService(): RecordingService {
  const calls: { method: string; input: unknown }[] = [];
  const failures = new Map<string, unknown>();
  const service: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const method of apiMethods) {
    service[method] = async (input) => {
      calls.push({ method, input });
      if (failures.has(method)) {
        const error = failures.get(method);
        failures.delete(method);
        throw error;
      }
      return { method, input };
    };
  }
  return { service: service as unknown as MyBucksService, calls, failNext: (m, e) => failures.set(m, e) };
}
