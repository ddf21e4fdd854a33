package explore

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/timewait/timewait/checker"
)

// On 127.0.0.1, Serve answers a request that names a loopback host and
// refuses, with 403 and one line, one that names another (DNS rebinding).
func TestServeOnLoopbackAnswersOnlyLoopbackHosts(t *testing.T) {
	u, stop := serveCounter(t)
	defer stop()
	port := u[strings.LastIndex(u, ":")+1 : len(u)-1]
	for _, c := range []struct {
		host string
		code int
	}{
		{"", http.StatusOK}, // the URL's own 127.0.0.1:PORT
		{"localhost:" + port, http.StatusOK},
		{"LOCALHOST", http.StatusOK},
		{"127.1.2.3:" + port, http.StatusOK},
		{"[::1]:" + port, http.StatusOK},
		{"attacker.example:" + port, http.StatusForbidden},
		{"10.0.0.1", http.StatusForbidden},
		{"localhost.attacker.example", http.StatusForbidden},
	} {
		req, err := http.NewRequest("GET", u+"api/state?path=0", nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.host != "" {
			req.Host = c.host
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.code {
			t.Errorf("Host %q: status %d, want %d (%s)", c.host, resp.StatusCode, c.code, body)
		}
		if c.code == http.StatusForbidden {
			want := "explore: Host " + c.host + " is not a loopback name; open the page at the URL the server printed (localhost, 127.0.0.1 or [::1])\n"
			if string(body) != want {
				t.Errorf("Host %q: body %q, want %q", c.host, body, want)
			}
		}
	}
}

// Serve refuses a POST or DELETE that a page of another origin sent, and
// answers one from its own page or without Origin.
func TestServeRefusesOtherOrigins(t *testing.T) {
	u, stop := serveCounter(t)
	defer stop()
	own := strings.TrimSuffix(u, "/")
	for _, c := range []struct {
		method, path, origin string
		code                 int
	}{
		{"POST", "api/search", "", http.StatusBadRequest}, // no body: refused by the API itself
		{"POST", "api/search", own, http.StatusBadRequest},
		{"POST", "api/search", "http://attacker.example", http.StatusForbidden},
		{"POST", "api/search", "https://" + strings.TrimPrefix(own, "http://"), http.StatusForbidden},
		{"POST", "api/search", "null", http.StatusForbidden},
		{"DELETE", "api/search/1", "http://attacker.example", http.StatusForbidden},
		{"GET", "api/state?path=0", own, http.StatusOK},
	} {
		req, err := http.NewRequest(c.method, u+c.path, strings.NewReader(""))
		if err != nil {
			t.Fatal(err)
		}
		if c.origin != "" {
			req.Header.Set("Origin", c.origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.code {
			t.Errorf("%s %s from %q: status %d, want %d (%s)", c.method, c.path, c.origin, resp.StatusCode, c.code, body)
		}
		if c.code == http.StatusForbidden {
			want := "explore: Origin " + c.origin + " is not this server's (" + own + "); the API answers only its own page\n"
			if string(body) != want {
				t.Errorf("%s from %q: body %q, want %q", c.method, c.origin, body, want)
			}
		}
	}
}

// serveCounter serves the counter model on a free port of 127.0.0.1 and
// returns its URL and a stop function that ends Serve and checks that it
// returned nil.
func serveCounter(t *testing.T) (string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, checker.Model[int, string](counter{}), Options[int, string]{Ready: func(u string) { urls <- u }})
	}()
	var u string
	select {
	case u = <-urls:
	case err := <-done:
		cancel()
		t.Fatalf("Serve: %v", err)
	}
	return u, func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	}
}
