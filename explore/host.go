package explore

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// loopbackOnly wraps h, served on a loopback address, so that it answers
// only requests addressed to a loopback name: localhost, 127.0.0.0/8 or
// ::1. A web page elsewhere that rebinds its own domain name to 127.0.0.1
// (DNS rebinding) reaches the port but names its domain in Host, and gets
// 403 with one line instead of the page, the API and its searches.
func loopbackOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !loopbackHost(r.Host) {
			http.Error(w, "explore: Host "+r.Host+" is not a loopback name; open the page at the URL the server printed (localhost, 127.0.0.1 or [::1])", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// loopbackHost reports whether host (a Host header: a name or address
// with an optional port) names this machine's loopback interface.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// onLoopback reports whether addr is a loopback address.
func onLoopback(addr net.Addr) bool {
	t, ok := addr.(*net.TCPAddr)
	return ok && t.IP.IsLoopback()
}

// sameOriginOnly wraps h so that it refuses, with 403 and one line, a
// request that a page of another origin sent: one whose Origin header
// names a scheme and host other than http:// and the request's own Host.
// A browser sends Origin with every POST and DELETE, also the "simple"
// cross-site POST a form or fetch makes without asking first, so no other
// site can start or cancel the server's searches. Requests without Origin
// (the page's own GETs, curl, tests) pass.
func sameOriginOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o := r.Header.Get("Origin"); o != "" && !sameOrigin(o, r.Host) {
			http.Error(w, "explore: Origin "+o+" is not this server's (http://"+r.Host+"); the API answers only its own page", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// sameOrigin reports whether origin, an Origin header, is http://host.
func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Scheme == "http" && strings.EqualFold(u.Host, host)
}
