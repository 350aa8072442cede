import { createEventBus } from "@ringfence/core";
import { describe, expect, expectTypeOf, it } from "vitest";

type Ev = { type: "closed"; practice: number } | { type: "diverted"; pence: number; line: string };

describe("typed events", () => {
  it("infers the payload from the type, delivers in subscription order, unsubscribes and counts", () => {
    const bus = createEventBus<Ev>();
    const log: string[] = [];
    bus.on("diverted", (e) => {
      expectTypeOf(e).toEqualTypeOf<{ type: "diverted"; pence: number; line: string }>();
      log.push(`first ${e.pence}`);
    });
    const off = bus.on("diverted", (e) => log.push(`second ${e.line}`));
    bus.on("closed", (e) => {
      expectTypeOf(e.practice).toBeNumber();
      log.push(`closed ${e.practice}`);
    });
    bus.emit({ type: "diverted", pence: 5, line: "qof" });
    off();
    bus.emit({ type: "diverted", pence: 6, line: "pcn" });
    bus.emit({ type: "closed", practice: 3 });
    expect(log).toEqual(["first 5", "second qof", "first 6", "closed 3"]);
    expect(bus.counts()).toEqual({ diverted: 2, closed: 1 });
    // @ts-expect-error: not an event type of this model
    bus.on("nope", () => undefined);
  });
});
