/** The folder holding initdb and pg_ctl, or undefined (see postgres-finder.mjs). */
export function findPostgresBin(): string | undefined;
