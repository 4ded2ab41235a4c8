# Varnish in front of the Namur portal (Varnish 7 with varnish-modules for xkey and var).
#
# `manage.py varnish_vcl --backend HOST:PORT [--backend HOST:PORT…]` fills in the placeholders
# (app servers, purgers…). Django decides what may be kept and for how long (Cache-Control
# s-maxage) and which items a page shows (the xkey header); this file only enforces it, and
# purges keys when Django asks after a change.

vcl 4.1;

import std;
import directors;
import var;
import xkey;

# Each app server is asked for /healthz every second; one that fails twice in a row is left out
# of the director, and comes back with its first good answer: within a second or two of a
# database outage's end, rather than the 2–4 s that two good answers 2 s apart took, while pages
# purged meanwhile answered 503 (the cluster drill, bench/cluster_drill.py).
probe healthz {
    .url = "/healthz";
    .interval = 1s;
    .timeout = 1s;
    .window = 2;
    .threshold = 1;
    .initial = 1;
}

@{BACKENDS}

sub vcl_init {
    # The app servers take turns (@{DIRECTOR}), the sick ones left out.
    new app = directors.@{DIRECTOR}();
@{DIRECTOR_MEMBERS}
}

# Who may purge: the app servers.
acl purgers {
@{PURGERS}
}

sub vcl_recv {
    set req.backend_hint = app.backend();
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge && !req.http.xkey-softpurge) {
            return (synth(400, "xkey-purge or xkey-softpurge header missing"));
        }
        # Noted first: a page being fetched now is not in the cache yet, and escapes the purge
        # (vcl_backend_response).
        var.global_set("purged_at", "" + std.time2real(now, 0.0));
        # Soft: the pages are kept but stale, served during the grace below while one request
        # renders them again. Hard (an item the public may no longer see): dropped.
        set req.http.n-stale = 0;
        set req.http.n-gone = 0;
        if (req.http.xkey-softpurge) {
            set req.http.n-stale = xkey.softpurge(req.http.xkey-softpurge);
        }
        if (req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        }
        return (synth(200, "Purged " + req.http.n-gone + ", stale " + req.http.n-stale));
    }
    # One id per request, in this Varnish's log and the app's alike (core/logs.py), returned in
    # the answer: whatever id the client sent is replaced.
    set req.http.X-Request-ID = server.identity + "-" + req.xid;
    # Too big or too long for the app: the site's French page, before anything is read or sent
    # on. (varnishd needs http_req_size and workspace_client above the longest address.)
    if (req.url ~ "^.{@{URL_TOO_LONG}}") {
        return (synth(414));
    }
    if (std.integer(req.http.Content-Length, 0) > @{BODY_MAX_BYTES} && req.url !~ "^/admin/") {
        return (synth(413));
    }
    if (std.integer(req.http.Content-Length, 0) > @{ADMIN_BODY_MAX_BYTES}) {
        return (synth(413));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, the health check, and anyone signed in or holding a form's token pass.
    if (req.url ~ "^/(admin|healthz)(/|\?|$)" || req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)(@{SESSION_COOKIE}|@{CSRF_COOKIE})=") {
        return (pass);
    }
    unset req.http.Cookie;
    # Tracking parameters change nothing on a page: drop them, and sort the rest, so that
    # nobody fills the cache with copies of one page under endless addresses.
    if (req.url ~ "\?") {
        set req.url = regsuball(req.url, "(?i)([?&])(utm_[a-z0-9_]*|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|yclid|igshid|_ga|_gl|ref_src)(=[^&]*)?(?=&|$)", "\1");
        set req.url = regsuball(req.url, "&&+", "&");
        set req.url = regsub(req.url, "\?&", "?");
        set req.url = regsub(req.url, "[?&]$", "");
        set req.url = std.querysort(req.url);
    }
    # A healthy backend refreshes an expired page while others get the stale copy for a few
    # seconds; a sick one leaves the whole grace (vcl_backend_response) to the stale copy.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # Refreshing in the background failed: keep serving the last good copy.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # An image rendition never changes at its address (it names its original and its width):
    # kept a year here and in browsers, whatever serves the media behind this cache.
    if (beresp.status == 200 && bereq.url ~ "^/media/([^?]+/)?renditions/[^/?]+-[0-9]+w\.(webp|jpg)$") {
        unset beresp.http.Set-Cookie;
        set beresp.http.Cache-Control = "public, max-age=31536000, immutable";
        set beresp.ttl = 365d;
        return (deliver);
    }
    # Only what Django marked as public for shared caches is kept, and static files.
    if (beresp.http.Set-Cookie || (!beresp.http.xkey && bereq.url !~ "^/static/")) {
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    set beresp.grace = 24h;
    # A purge came while this page was being fetched: it may have been rendered before the
    # change the purge is for, and would be kept, stale, until its TTL. It serves the requests
    # that waited for it, and is not kept.
    if (beresp.http.xkey && std.real(var.global_get("purged_at"), 0.0) >= var.get_real("fetch_started")) {
        set beresp.ttl = 0s;
        set beresp.grace = 0s;
    }
    if (beresp.http.Content-Type ~ "^(text/|application/(rss\+|atom\+)?xml|application/json)") {
        set beresp.do_gzip = true;
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.xkey;
    # A copy carries the id of the request that fetched it: this request's instead.
    set resp.http.X-Request-ID = req.http.X-Request-ID;
    # Name no software nor version to the outside.
    unset resp.http.Via;
    unset resp.http.X-Varnish;
    unset resp.http.Server;
    unset resp.http.X-Powered-By;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}

sub vcl_backend_fetch {
    var.set_real("fetch_started", std.time2real(now, 0.0));
    # A retry goes to the app server after the one that failed, not to the director's next
    # turn: pages asked meanwhile may have brought that turn back to the failed server.
@{RETRY_ELSEWHERE}
    unset bereq.http.X-Failed-Backend;
}

# Neither a copy nor a backend that answers: the site's own words, in French.
sub vcl_backend_error {
    # An app server that stopped before its probe noticed: a page is asked once more, of
    # another one (vcl_backend_fetch; never a post, which it may have received).
    if (bereq.retries == 0 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        set bereq.http.X-Failed-Backend = beresp.backend.name;
        return (retry);
    }
    set beresp.ttl = 0s;
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Retry-After = "60";
    set beresp.http.Cache-Control = "no-store";
    synthetic({"<!DOCTYPE html>
<html lang="fr-BE">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Service momentanément indisponible — @{CITY_NAME}</title></head>
<body>
<main>
<p>Erreur 503</p>
<h1>Service momentanément indisponible</h1>
<p>Le site est en maintenance ou rencontre un problème technique. Rien de ce que vous avez envoyé n’a été enregistré. Réessayez dans quelques minutes.</p>
<p><a href="/">Retour à l’accueil</a></p>
</main>
</body>
</html>
"});
    return (deliver);
}

sub vcl_synth {
    unset resp.http.Via;
    unset resp.http.X-Varnish;
    unset resp.http.Server;
    if (resp.status == 413 || resp.status == 414) {
        set resp.http.Content-Type = "text/html; charset=utf-8";
        set resp.http.Cache-Control = "no-store";
        # The body was not read: the connection cannot carry another request.
        set resp.http.Connection = "close";
        if (resp.status == 413) {
            set resp.reason = "Content Too Large";
            synthetic({"@{PAGE_413}"});
        } else {
            set resp.reason = "URI Too Long";
            synthetic({"@{PAGE_414}"});
        }
        return (deliver);
    }
}
