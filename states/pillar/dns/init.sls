# DNS pillar for the example fleet (see states/tree/dns): the public names and where they point now, and the
# provider with its credentials. It reaches only the minion that makes DNS changes (role=dns in top.sls), so the API
# token is sealed to that one minion. The migration runbook overrides `records` and `ttl` per step (docs/migration.md).
dns:
  zone: example.test
  provider: cloudflare            # or digitalocean (provider_args: api_token) or rfc2136 (nameserver, tsig_key_name, tsig_secret)
  provider_args:
    api_token: !secret 'change-me: a Cloudflare API token with Zone.DNS edit rights'
  ttl: 300                        # the cutover lowers it to 60 ahead of time, and decommission puts this back
  verify: true                    # each change waits until every authoritative server answers it
  verify_servers: []              # default: the zone's NS records
  records:                        # public name -> the public address of the server behind it (app1 until the cut-over)
    blog: 10.77.0.10
    core: 10.77.0.10
  absent: []
