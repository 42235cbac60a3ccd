# SPDX-License-Identifier: MIT
# httpbin-c in a container: built with autotools in one stage, run on the
# runtime libraries alone in the next.
#   docker build -t httpbin-c . && docker run -p 8080:8080 httpbin-c
# Configure with the same HTTPBIN_* variables as the binary
# (docker run -e HTTPBIN_MAX_DELAY=30 ...) or with flags after the image name.

FROM debian:bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential autoconf automake libtool pkg-config \
      libmicrohttpd-dev libjansson-dev libgnutls28-dev libnghttp2-dev libcurl4-gnutls-dev \
      zlib1g-dev libbrotli-dev check \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# libcreq is linked into creq and creq-check (no shared library to install
# and find at run time); no sanitizers, stripped.
RUN autoreconf -fi \
 && ./configure --prefix=/usr/local --disable-shared CFLAGS=-O2 \
 && make -j"$(nproc)" \
 && make install-strip DESTDIR=/out

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libmicrohttpd12 libjansson4 libgnutls30 libnghttp2-14 libcurl3-gnutls zlib1g libbrotli1 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 httpbin \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin httpbin
# httpbin-c, and creq / creq-check for the health check and for client tests.
COPY --from=build /out/usr/local/bin/ /usr/local/bin/
# Numeric, so that Kubernetes' runAsNonRoot can check it.
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=5s --retries=3 \
  CMD creq --check-status --quiet --timeout=3 "http://127.0.0.1:${HTTPBIN_PORT:-8080}/status/200" || exit 1
ENTRYPOINT ["httpbin-c"]
