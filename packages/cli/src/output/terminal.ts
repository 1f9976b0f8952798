// The width of the terminal standard output is, when it is one: set once by main.ts (the only
// module that looks at the process), read by the table renderer so long cells never wrap.
let width: number | undefined;

export const setTerminalWidth = (columns: number | undefined): void => {
  width = columns !== undefined && Number.isInteger(columns) && columns >= 40 ? columns : undefined;
};

export const terminalWidth = (): number | undefined => width;
