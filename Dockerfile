# syntax=docker/dockerfile:1
# Build: docker build -t paperwire .
# Run:   docker run -p 8080:8080 -v paperwire-data:/data paperwire
#        docker run -p 8080:8080 -v paperwire-data:/data \
#          -v "$PWD/paperwire.yaml:/etc/paperwire.yaml:ro" paperwire --config /etc/paperwire.yaml
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/paperwire ./cmd/paperwire \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/paperwire /usr/local/bin/paperwire
# The volume starts owned by nonroot (uid 65532). A bind mount keeps its
# host owner: chown it to 65532, or run with --user of its owner;
# otherwise paperwire says so, naming the folder.
COPY --from=build --chown=nonroot:nonroot /out/data /data
# The embedded store lives in data/paperwire.db relative to the working
# directory: / makes that /data/paperwire.db, on the volume.
WORKDIR /
VOLUME ["/data"]
EXPOSE 8080
USER nonroot:nonroot
# healthcheck reads the same config and environment as serve (a --config
# given to serve is read from PID 1's command line), so it follows a
# moved listen. Readiness (the store answers) too: healthcheck --ready.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["/usr/local/bin/paperwire", "healthcheck"]
# Arguments that start with a flag mean serve: docker run IMAGE --config FILE.
ENTRYPOINT ["/usr/local/bin/paperwire"]
CMD ["serve"]
