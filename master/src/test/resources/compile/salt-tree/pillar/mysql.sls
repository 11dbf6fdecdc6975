mysql:
  root_password: !secret s3cr3t-{{ grains.id }}
  port: 3306
