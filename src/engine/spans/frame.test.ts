import { readTraceFrames } from './frame';

const START_MS = 1_700_000_000_000.5;

/** Grafana's Jaeger trace frame, HTTP variant (logs in ms) or gRPC variant (statusCode/kind, logs in µs). */
function frame(
  variant: 'http' | 'grpc',
  log: { timestamp: number; name?: string; fields: Array<{ key: string; value: unknown }> }
) {
  return {
    fields: [
      { name: 'traceID', values: ['aa'.repeat(16)] },
      { name: 'spanID', values: ['bb'.repeat(8)] },
      { name: 'operationName', values: ['POST /orders'] },
      { name: 'serviceName', values: ['shop-api'] },
      { name: 'startTime', values: [START_MS] },
      { name: 'duration', values: [5] },
      { name: 'tags', values: [[]] },
      { name: 'logs', values: [[log]] },
      { name: 'references', values: [[]] },
      ...(variant === 'grpc'
        ? [
            { name: 'statusCode', values: [2] },
            { name: 'kind', values: ['server'] },
          ]
        : []),
    ],
  };
}

describe('Grafana trace frames', () => {
  it('reads log times in milliseconds from the HTTP variant and in microseconds from the gRPC variant', () => {
    const atUs = Math.round(START_MS * 1000) + 2000;
    const http = readTraceFrames(frame('http', { timestamp: atUs / 1000, fields: [] })).spans[0];
    const grpc = readTraceFrames(frame('grpc', { timestamp: atUs, fields: [] })).spans[0];
    expect(http.events[0].timeUs).toBe(atUs);
    expect(grpc.events[0].timeUs).toBe(atUs);
  });

  it('does not let an empty log name hide its event=exception field', () => {
    const span = readTraceFrames(
      frame('http', {
        timestamp: START_MS,
        name: '',
        fields: [
          { key: 'event', value: 'exception' },
          { key: 'exception.message', value: 'S3 key not found' },
        ],
      })
    ).spans[0];
    expect(span.events[0].name).toBe('exception');
    expect(span.events[0].attributes['exception.message']).toBe('S3 key not found');
  });

  it('says when a frame is not a trace frame instead of yielding nothing silently', () => {
    const read = readTraceFrames([
      {
        fields: [
          { name: 'time', values: [1] },
          { name: 'value', values: [2] },
        ],
      },
    ]);
    expect(read.spans).toEqual([]);
    expect(read.warnings).toEqual([
      expect.objectContaining({ code: 'invalid_span', message: expect.stringMatching(/not a trace frame/) }),
    ]);
  });
});
