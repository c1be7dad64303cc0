// A corporate network: the proxy environment variables, read as curl reads them.
// HTTPS targets go through HTTPS_PROXY (https_proxy), plain HTTP targets through HTTP_PROXY
// (http_proxy), ALL_PROXY as the fallback, and NO_PROXY (no_proxy) lists the hosts reached
// directly (names, .domain suffixes, host:port, `*`). proxy-from-env decides; an HTTP target
// goes to the proxy as an absolute-URI request (http-proxy-agent), an HTTPS target through
// a CONNECT tunnel (https-proxy-agent), so TLS stays end to end and NODE_EXTRA_CA_CERTS is
// how a private CA is trusted. No proxy applies: no agent, Node's global agent as before.
import type { Agent } from 'node:http';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

/** The proxy URL the environment (process.env) names for this target, or null (direct). */
export function proxyFor(target: string): string | null {
  const proxy = getProxyForUrl(target);
  return proxy ? proxy : null;
}

/** Agents per proxy and target protocol, made once. */
export class ProxyAgents {
  private readonly agents = new Map<string, Agent>();

  /** The agent that sends a request to `target` through its proxy; undefined: direct. */
  agentFor(target: string): Agent | undefined {
    const proxy = proxyFor(target);
    if (!proxy) return undefined;
    const https = new URL(target).protocol === 'https:';
    const cacheKey = `${https ? 'https' : 'http'} ${proxy}`;
    let agent = this.agents.get(cacheKey);
    if (!agent) {
      agent = https ? new HttpsProxyAgent(proxy, { keepAlive: true }) : new HttpProxyAgent(proxy, { keepAlive: true });
      this.agents.set(cacheKey, agent);
    }
    return agent;
  }

  destroy(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}
