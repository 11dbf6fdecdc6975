# The demo's top file: every minion gets 'hello'; app servers also get their app config.
base:
  '*':
    - hello
  'role=app':
    - hello.app
