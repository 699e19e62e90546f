# syntax=docker/dockerfile:1
# Build: docker build -t paperwire .
# Run:   docker run -p 8080:8080 -v paperwire-data:/data paperwire
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/paperwire ./cmd/paperwire \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/paperwire /usr/local/bin/paperwire
COPY --from=build --chown=nonroot:nonroot /out/data /data
# The embedded store lives in data/paperwire.db relative to the working
# directory: / makes that /data/paperwire.db, on the volume.
WORKDIR /
VOLUME ["/data"]
EXPOSE 8080
USER nonroot:nonroot
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["/usr/local/bin/paperwire", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/paperwire"]
CMD ["serve"]
