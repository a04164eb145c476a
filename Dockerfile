# One image for every service; the command picks which (see docker-compose.yml, k8s/):
#   docker run cliq-sync services/sync-worker/src/main.ts
#   docker run --entrypoint node cliq-sync node_modules/prisma/build/index.js migrate deploy
# Multi-stage; the runtime stage runs as uid 1000 over root-owned, read-only files. tsx keeps its
# transform cache in $TMPDIR (/tmp): with a read-only root filesystem mount a writable /tmp.
ARG NODE_IMAGE=node:20-bookworm-slim

# Only the manifests `npm ci` reads, so the dependency layer is rebuilt when they change, not
# whenever a source file does.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && cp package.json package-lock.json /manifests/ \
 && find packages services -maxdepth 2 -name package.json -exec cp --parents {} /manifests/ \;

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY --from=manifests /manifests/ ./
# Install scripts stay off, as with npm 11 locally: nothing needs them, and Prisma's would
# download engines that the JS engine (engine "js", adapter-pg) does not use.
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

FROM deps AS build
COPY . .
RUN node node_modules/prisma/build/index.js generate \
 && rm -rf test-artifacts coverage .cliq-dev

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    HOME=/tmp \
    TMPDIR=/tmp
WORKDIR /app
# Owned by root: the service user can read and run the code, never change it.
COPY --from=build /app /app
# uid/gid of the image's `node` user; numeric so Kubernetes can verify runAsNonRoot.
USER 1000:1000
EXPOSE 8080 9090
ENTRYPOINT ["node_modules/.bin/tsx"]
CMD ["services/gateway/src/main.ts"]
