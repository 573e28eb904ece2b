#!/bin/sh
# the ucarp README's sample usage, as a start script would run it
exec /usr/sbin/ucarp --interface=eth0 --srcip=10.1.1.1 --vhid=1 --pass=mypassword \
      --addr=10.1.1.252 \
      --upscript=/etc/vip-up.sh --downscript=/etc/vip-down.sh
