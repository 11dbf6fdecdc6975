common:
  motd: Welcome
users:
  alice:
    shell: /bin/zsh
    groups: [sudo, adm]
  bob: {}
nginx:
  lookup:
    user: nginx-worker
