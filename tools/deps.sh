#!/bin/sh
# Installs what httpbin-c needs to build, test and compare itself with the
# Python httpbin, from Debian 12's packages. Run as root.
set -e
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
    build-essential autoconf automake libtool pkg-config \
    libmicrohttpd-dev libjansson-dev libgnutls28-dev libnghttp2-dev libcurl4-gnutls-dev check \
    zlib1g-dev libbrotli-dev clang libclang-rt-14-dev \
    cmake curl libunistring-dev \
    python3-httpbin gunicorn >/dev/null
echo "deps: installed"
