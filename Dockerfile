# syntax=docker/dockerfile:1
# streamward container image: compile TypeScript in a build stage, run the compiled gateway on a
# slim Node image as a non-root user (numeric, so Kubernetes runAsNonRoot can verify it).
#
#   docker build -t streamward .
#   docker run -v $PWD/examples:/etc/streamward streamward        # runs /etc/streamward/gateway.yaml
#
# Signals: SIGTERM drains (readiness false, in-flight requests finish, then exit 0); SIGHUP
# reloads certificates, credentials, ACLs and the reloadable config fields.
# The healthcheck asks the admin server; set admin.bind (default 127.0.0.1:9404) and
# STREAMWARD_HEALTHCHECK_URL together if you move it.
# The image carries the gateway only, not the test kit (testkit/: the demo's backends), so
# `streamward demo` here prints that it needs a source checkout and exits 2.

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
# only src/ is in the build context copy, so only the gateway is compiled (into dist/src)
RUN npx tsc -p tsconfig.json && npm prune --omit=dev --no-audit --no-fund --ignore-scripts

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    STREAMWARD_HEALTHCHECK_URL=http://127.0.0.1:9404/healthz
WORKDIR /app
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist/src ./dist/src
# uid/gid 1000 is the image's `node` user; nothing in /app is writable by it
USER 1000:1000
# listener ports of examples/gateway.yaml (Kafka 9093, Fluss 9123/9223) and the admin server
EXPOSE 9093 9123 9223 9404
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.STREAMWARD_HEALTHCHECK_URL).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["run", "-c", "/etc/streamward/gateway.yaml"]
