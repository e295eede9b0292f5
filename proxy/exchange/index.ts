/** One client request on its way through the proxy: its context, what the serving target reports, its end. */
export { Exchange, MONOLITH_ONLY, kExchange, onResponseClose, type ExchangeCarrier, type ExchangeOwner, type LateSide } from './exchange.js';
