/** chdb, loaded after its allocator's settings are in place (engine-malloc.ts). Import chdb from here. */
import './engine-malloc.ts';
export { Session } from 'chdb';
