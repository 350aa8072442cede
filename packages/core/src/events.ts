/**
 * Typed events: a model declares a union of event objects discriminated by `type`.
 * @packageDocumentation
 */

/** The shape every model event has: a `type` discriminant. */
export interface EventBase {
  /** Discriminant naming the event. */
  readonly type: string;
}

/** The event of union `E` whose `type` is `T`. */
export type EventOf<E extends EventBase, T extends E["type"]> = Extract<E, { readonly type: T }>;

/** Publishes and subscribes typed events; see {@link createEventBus}. */
export interface EventBus<E extends EventBase> {
  /** Subscribes to one event type; the handler's payload type is inferred. Returns an unsubscribe function. */
  on<T extends E["type"]>(type: T, handler: (event: EventOf<E, T>) => void): () => void;
  /** Delivers the event to this type's handlers, in subscription order. */
  emit(event: E): void;
  /** How many events of each type have been emitted. */
  counts(): Readonly<Partial<Record<E["type"], number>>>;
}

/**
 * Creates a typed event bus.
 * @example
 * ```ts
 * type Ev = { type: "closed"; practice: number } | { type: "diverted"; pence: number };
 * const bus = createEventBus<Ev>();
 * bus.on("diverted", (e) => console.log(e.pence)); // e is { type: "diverted"; pence: number }
 * ```
 * @remarks Handlers run synchronously in subscription order, so they see the simulation as the emitter left it.
 */
export function createEventBus<E extends EventBase>(): EventBus<E> {
  const handlers = new Map<string, ((event: E) => void)[]>();
  const tally: Partial<Record<string, number>> = {};
  return {
    on(type, handler) {
      const list = handlers.get(type) ?? [];
      const h = handler as (event: E) => void;
      list.push(h);
      handlers.set(type, list);
      return () => {
        const i = list.indexOf(h);
        if (i >= 0) list.splice(i, 1);
      };
    },
    emit(event) {
      tally[event.type] = (tally[event.type] ?? 0) + 1;
      const list = handlers.get(event.type);
      if (list !== undefined) for (const h of list) h(event);
    },
    counts: () => ({ ...tally }) as Partial<Record<E["type"], number>>,
  };
}
