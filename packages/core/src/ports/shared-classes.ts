// Classes that cross package boundaries by `instanceof`: a store package throws StoreUnavailable and
// the runner (or an embedder) catches it; the history projection hands a store a JsonText. When an
// install holds two copies of @rapport/core (a store package's own, nested, beside the app's), each
// copy has its own class objects and a plain `instanceof` fails across them: a caught error was not
// recognised, and a JsonText was serialised as `{}`, silently emptying the history read model. Each
// such class carries a mark under a registered symbol (`Symbol.for`, shared by every copy in the
// process), and `instanceof` asks for the mark instead of the prototype chain.

/** The registered symbol that marks instances of the class named `name`, in every copy of core. */
export const classMark = (name: string): symbol => Symbol.for(`@rapport/core:${name}`);

/** Whether `value` carries the mark of `name` (see classMark). */
export const hasMark = (value: unknown, mark: symbol): boolean =>
  (typeof value === 'object' || typeof value === 'function') && value !== null && (value as Record<symbol, unknown>)[mark] === true;

/**
 * Marks `cls`'s instances (through its prototype, so subclasses' instances too) and makes
 * `instanceof cls` true for any copy's instances of it. Each subclass that is itself tested with
 * `instanceof` must be marked too: it would otherwise inherit its parent's test.
 */
export const shareAcrossCopies = (cls: abstract new (...args: never[]) => object, name: string): void => {
  const mark = classMark(name);
  Object.defineProperty(cls.prototype, mark, { value: true });
  Object.defineProperty(cls, Symbol.hasInstance, { value: (value: unknown) => hasMark(value, mark) });
};
