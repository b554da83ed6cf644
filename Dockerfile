# syntax=docker/dockerfile:1
#
# Production image of the booking platform: the NestJS API serving the built Angular admin.
#   docker build -t booking-platform .
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://… -e JWT_SECRET=<32+ chars> booking-platform
# Migrations run when the app starts. See docker-compose.yml for PostgreSQL + the app together.
#
# Operations in a running container use the built output (this image has no TypeScript and no dev
# dependencies): `npm run <command>:built`, or node directly.
#   docker exec -it <container> npm run -s migration:run:built
#   docker exec -it <container> npm run -s audit:verify:built          (exit 2 and the row where a chain breaks)
#   docker exec -i <container> npm run -s create-operator:built -- --email ops@example.com --name "Ops Person" <<< "$OPERATOR_PASSWORD"
#   docker exec -it <container> npm run -s seed:built                   (demo data into an empty database; never in production)
# (`node dist/api/apps/api/src/cli/cli.js <migrate|seed|audit-verify|create-operator>` is the same.)
# In embedded mode (no DATABASE_URL) stop the app first: DATA_DIR admits one process at a time.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: all dependencies, compile the API and the admin ----------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CI=true NG_CLI_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.base.json angular.json nest-cli.json ./
COPY libs ./libs
COPY apps ./apps
RUN npm run build

# ---- production dependencies only -------------------------------------------------------------
# (the `node` devDependency is dev-only: the runtime uses this image's own Node 24)
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

# ---- runtime --------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# Heap cap: V8's old space stays at half of the container limit set in docker-compose.yml (768 MiB),
# leaving the rest to what lives outside the heap (argon2's 19 MiB per concurrent hash, socket and
# TLS buffers, code). Change both together. Embedded mode's PGlite (WASM) memory is outside the heap
# too: give an embedded container 1.5 GiB.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data \
    NODE_OPTIONS=--max-old-space-size=384
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json ./
COPY --from=build --chown=root:root /app/dist ./dist
# Only the embedded (no DATABASE_URL) mode writes to disk, and only under DATA_DIR.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
VOLUME ["/app/data"]
# /api/health answers within HEALTH_TIMEOUT_MS (2 s) on its own connection, 503 while draining.
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM (docker stop) drains and exits 0 within SHUTDOWN_TIMEOUT_MS (8 s), inside Docker's 10 s grace.
CMD ["node", "dist/api/apps/api/src/main.js"]
