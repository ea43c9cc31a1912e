//go:build js && wasm

// Command worker is the portal's Cloudflare Worker, built with GOOS=js
// GOARCH=wasm into functions/build/app.wasm. It serves the API under /api/
// (wrangler.toml sends only those paths to it; Workers static assets serve
// the site) and runs the scheduled tasks of the Cron Trigger.
//
// main only wires the bindings of the Worker's environment into the API's
// dependencies; everything else lives in packages that also run on the host
// in tests.
package main

import (
	"context"
	"database/sql"
	"log/slog"
	"os"
	"time"

	"github.com/syumai/workers"
	"github.com/syumai/workers/cloudflare/cron"
	cfd1 "github.com/syumai/workers/cloudflare/d1"

	"privacyportal/app/privacy"
	"privacyportal/functions/api"
	"privacyportal/functions/d1"
	"privacyportal/site/controllers"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	if err := run(log); err != nil {
		log.Error("worker: start-up failed", "err", err)
		panic(err)
	}
}

func run(log *slog.Logger) error {
	reg, err := privacy.Load(controllers.FS(), controllers.Dir)
	if err != nil {
		return err
	}
	connector, err := cfd1.OpenConnector("DB")
	if err != nil {
		return err
	}
	store := d1.New(sql.OpenDB(connector))

	workers.ServeNonBlock(api.NewServer(api.Deps{
		Controllers: reg,
		DB:          store,
		Now:         time.Now,
		Log:         log,
	}))
	cron.ScheduleTaskNonBlock(func(ctx context.Context) error {
		return nil
	})
	workers.Ready()
	select {
	case <-workers.Done():
	case <-cron.Done():
	}
	return nil
}
