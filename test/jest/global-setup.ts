import { setUp } from './temporal-server.js';

export default setUp;
