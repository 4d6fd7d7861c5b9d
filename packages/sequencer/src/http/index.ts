/** The node's HTTP API and status page. */
export { createHttpServer, type HttpServer, type HttpServerOptions } from './server';
