/**
 * Stands in for `protobufjs/minimal` in the browser build: DDSketch (core's quantile sketches) requires it only
 * inside its protobuf serialisers, which a batch never calls; a call would fail here with this message.
 * @packageDocumentation
 */
const refuse = (): never => {
  throw new Error("protobufjs is not bundled in the explorer (DDSketch's protobuf serialisation is not used in a browser)");
};

/** An object whose every property access fails with a clear message. */
const minimal: Record<string, unknown> = new Proxy({}, { get: refuse });

export default minimal;
