import { buildServer } from './processes.js'

/** Once per vitest run: the tests that start the server as a process run the build `npm start` runs. */
export default function setup() {
  buildServer()
}
