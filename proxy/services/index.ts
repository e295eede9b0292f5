/** The services of one proxy (logger, metrics, stats, tracing, Lambda health, shadow…), built once and injected. */
export { ProxyServices, type ProxyServicesInit } from './services.js';
