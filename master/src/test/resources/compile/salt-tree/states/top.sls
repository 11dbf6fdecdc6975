# Salt-style top file: default glob, grain match, compound match, and jsalt's own target language.
base:
  '*':
    - common
  'role:app':
    - match: grain
    - nginx
  'G@role:db and not db2':
    - match: compound
    - mysql
  'role=cache or L@special1':
    - common.packages
