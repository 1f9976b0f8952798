// Option declarations shared by the argument parser and the help text: parseArgs' config plus words.
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** Placeholder for the value in help (`--store URL`). */
  readonly valueName?: string;
  readonly description: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean' ? boolean : string;

/** What parseArgs gives back for a set of specs: absent options are undefined. */
export type OptionValues<O extends OptionSpecs> = {
  readonly [K in keyof O]: (O[K]['multiple'] extends true ? ValueOf<O[K]>[] : ValueOf<O[K]>) | undefined;
};

export type AnyOptionValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

/** `--name VALUE` or `--name`, with the short form, as help shows it. */
export const optionSynopsis = (name: string, spec: OptionSpec): string => {
  const long = spec.type === 'string' ? `--${name} ${spec.valueName ?? 'VALUE'}` : `--${name}`;
  return spec.short === undefined ? long : `-${spec.short}, ${long}`;
};
