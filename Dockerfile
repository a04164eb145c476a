# One image for every service (the command picks the service). Multi-stage, non-root.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages ./packages
COPY services ./services
RUN npm ci --no-audit --no-fund --loglevel=error

FROM deps AS build
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.base.json tsconfig.json ./
RUN npx prisma generate

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
# e.g. `node_modules/.bin/tsx services/sync-worker/src/main.ts`
ENTRYPOINT ["node_modules/.bin/tsx"]
CMD ["services/gateway/src/main.ts"]
