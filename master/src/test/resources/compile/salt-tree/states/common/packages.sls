base_packages:
  pkg.installed:
    - names:
      - curl
      - vim
      - htop
