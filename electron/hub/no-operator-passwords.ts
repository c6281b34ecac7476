/**
 * Stands in for `@node-rs/argon2` in the hub bundle (scripts/build-electron.mjs).
 * The hub runs the district server's app, which loads the operator console and
 * with it the argon2 password hashing — a native addon the app package does not
 * ship (it has no node_modules). A station hub holds no operator accounts (it
 * replicates one station's data, never the district's operators), so no password
 * is ever right there: verify says no, and the dummy hash the console checks
 * unknown names against is a fixed string no password matches.
 */
export async function hash(_password: string): Promise<string> {
  return '$no-operator-signs-in-on-a-station-hub$';
}

export async function verify(_hashed: string, _password: string): Promise<boolean> {
  return false;
}
