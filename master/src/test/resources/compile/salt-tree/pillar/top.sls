base:
  '*':
    - common
  'role:db':
    - match: grain
    - mysql
