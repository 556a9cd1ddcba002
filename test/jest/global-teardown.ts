import { tearDown } from './temporal-server.js';

export default tearDown;
