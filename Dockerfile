# Lineup in a container. UNTESTED as an image: the machines Lineup is built and tested on have
# no container engine. What it does is what docs/deploy.md does (and a test there copies exactly
# these files, installs, builds and starts them); try the image on a staging machine first.
#
#   docker build -t lineup .
#   docker run -p 3000:3000 -v lineup-data:/data -e PUBLIC_URL=https://help.example.com lineup
#   docker run --rm -i -v lineup-data:/data lineup npm run cli -- add-supporter --email E --name N --role admin
FROM node:24-bookworm-slim
WORKDIR /srv/lineup
# Dependencies first (a layer that changes only with the lockfile); no dev tools in the image.
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY views ./views
COPY public ./public
COPY db/migrations ./db/migrations
# The bundle `npm start` would build; the source stays read-only for the user that runs it.
RUN npm run build
RUN mkdir /data && chown node:node /data
USER node
ENV HOST=0.0.0.0 PORT=3000 DATABASE_PATH=/data/lineup.sqlite FILES_DIR=/data/files MAIL_DIR=/data/mail
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:3000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# SIGTERM (docker stop) closes open pages, puts the last commit on disk and checkpoints the WAL.
CMD ["node", "--max-semi-space-size=16", "node_modules/.cache/lineup/server.mjs"]
