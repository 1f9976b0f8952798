// Before W1 PostgreSQL is timed, the `pg` driver that all three of its sides share (one module in
// this process) is run until V8 has compiled it. Otherwise whichever side goes first in the first
// round, always Rapport (sides.ts), pays on its clock for compiling the driver the others then use.
// Only the shared driver is warmed: the statement is neither side's, it reads no table and
// writes nothing, so each side's own code still starts cold, as it would in a new process.
import pg from 'pg';

/** Enough round trips for V8 to optimise the driver's send and parse paths (measured: 3,000 did it). */
const ROUND_TRIPS = 3_000;

// Parameters and columns of the kinds every side sends and reads back: text, int, bigint.
const STATEMENT = 'SELECT $1::text AS transaction_id, $2::bigint AS position, $3::text AS stream, $4::int AS stream_version, length($5::text) AS size';

export const warmSharedDriver = async (adminUrl: string): Promise<void> => {
  const pool = new pg.Pool({ connectionString: adminUrl, max: 1, keepAlive: true });
  try {
    const payload = 'x'.repeat(400);
    for (let i = 0; i < ROUND_TRIPS; i++) {
      await pool.query({ name: 'w1-warm-driver', text: STATEMENT, values: [String(i), i, `warm-${i}`, i % 10, payload] });
    }
  } finally {
    await pool.end();
  }
};
