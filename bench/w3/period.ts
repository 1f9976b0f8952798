// Where the W4/W5 reports look: as of the firm's last event, over the last quarter that had ended by then.
export const lastFullQuarter = (lastOccurredAt: string): string => {
  const at = new Date(lastOccurredAt);
  const quarter = Math.floor(at.getUTCMonth() / 3); // the quarter in progress, 0-based
  return quarter === 0 ? `${at.getUTCFullYear() - 1}-Q4` : `${at.getUTCFullYear()}-Q${quarter}`;
};
