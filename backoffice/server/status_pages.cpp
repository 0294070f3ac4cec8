#include "status_pages.h"

#include <fmt/format.h>
#include <sodium.h>

#include "core/text.h"

namespace aftersales::server {
namespace {

constexpr std::string_view kStyle =
    "body{margin:0;font:16px/1.45 system-ui,sans-serif;color:#1b1b1b;background:#f3f4f6}"
    "main{max-width:34rem;margin:0 auto;padding:1rem}"
    "header h1{font-size:1.25rem;margin:.25rem 0}header p{margin:0;color:#555}"
    "section{background:#fff;border-radius:12px;padding:1rem;margin:1rem 0;box-shadow:0 1px 2px #0002}"
    ".code{font:700 1.6rem/1.2 ui-monospace,monospace;letter-spacing:.05em;margin:0}"
    ".meta{color:#555;margin:.25rem 0 0;overflow-wrap:anywhere}"
    "h2{font-size:1.35rem;margin:.75rem 0 .25rem}"
    ".next{font-weight:600}"
    "ol{list-style:none;padding:0;margin:1rem 0}"
    "li{position:relative;padding:0 0 .9rem 1.9rem;color:#777}"
    "li:before{content:'';position:absolute;left:.3rem;top:.3rem;width:.8rem;height:.8rem;border-radius:50%;"
    "border:2px solid #bbb;background:#fff}"
    "li.done{color:#1b1b1b}li.done:before{background:#1a7f37;border-color:#1a7f37}"
    "li.current{color:#1b1b1b;font-weight:700}li.current:before{background:#0a58ca;border-color:#0a58ca}"
    "table{width:100%;border-collapse:collapse}td{padding:.3rem 0;border-bottom:1px solid #eee}"
    "td.n{text-align:right;white-space:nowrap}tr.total td{font-weight:700;border:0}"
    "form{margin:.75rem 0 0}button{font:inherit;font-weight:600;padding:.8rem 1.1rem;border-radius:10px;"
    "border:0;margin:.25rem .5rem .25rem 0;min-height:48px}"
    ".yes{background:#1a7f37;color:#fff}.no{background:#e5e7eb;color:#1b1b1b}.go{background:#0a58ca;color:#fff}"
    "label{display:block;margin:.5rem 0 .25rem}input,textarea{font:inherit;width:100%;box-sizing:border-box;"
    "padding:.6rem;border:1px solid #bbb;border-radius:8px}"
    ".stars{display:flex;gap:.5rem;flex-wrap:wrap}.stars label{display:inline-flex;align-items:center;gap:.4rem;"
    "margin:0;padding:.6rem .9rem;border:1px solid #bbb;border-radius:10px;min-height:28px}"
    ".stars input{width:1.2rem;height:1.2rem;margin:0}.notice{background:#e7f1ff;border-radius:8px;padding:.6rem}"
    ".alert{background:#fdecea;border-radius:8px;padding:.6rem}"
    "nav{text-align:center;color:#555}nav a,nav strong{display:inline-block;padding:.75rem .5rem}"
    "a{color:#0a58ca}a.tel{display:inline-block;padding:.5rem 0}";

std::string style_hash() {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(kStyle.data()), kStyle.size());
  char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(b64, sizeof b64, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
  return b64;
}

std::string language_switch(Language current) {
  std::string links;
  for (Language l : kAllLanguages) {
    if (l == current)
      links += fmt::format("<strong>{}</strong>", language_name(l));
    else
      links += fmt::format("<a href=\"?lang={}\" hreflang=\"{}\">{}</a>", language_code(l), language_code(l),
                           language_name(l));
  }
  return "<nav>" + links + "</nav>";
}

std::string page(Language lang, std::string_view title, std::string_view body) {
  return fmt::format(
      "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<meta name=\"robots\" content=\"noindex\"><title>{}</title><style>{}</style></head>"
      "<body><main>{}{}</main></body></html>",
      language_code(lang), html_escape(title), kStyle, body, language_switch(lang));
}

std::string money(std::int64_t cents) { return format_price(cents); }

std::string estimate_section(const StatusView& v) {
  Language lang = v.language;
  std::string rows;
  for (const auto& line : v.estimate)
    rows += fmt::format("<tr><td>{}{}</td><td class=n>{}</td></tr>", html_escape(line.description),
                        line.quantity > 1 ? fmt::format(" × {}", line.quantity) : std::string(),
                        money(line.total_cents()));
  return fmt::format(
      "<section><h2>{}</h2><table>{}<tr class=total><td>{}</td><td class=n>{}</td></tr></table>"
      "<form method=post action=\"/s/{}/estimate\"><button class=yes name=decision value=approve>{}</button>"
      "<button class=no name=decision value=decline>{}</button></form><p class=meta>{}</p></section>",
      tr(lang, "Estimate"), rows, tr(lang, "Total"), money(v.estimate_total_cents), v.token,
      tr(lang, "Approve the repair"), tr(lang, "Decline"),
      tr(lang, "If you decline, we return the item unrepaired. You can answer only once."));
}

std::string feedback_section(const StatusView& v) {
  Language lang = v.language;
  if (v.feedback_rating)
    return fmt::format("<section><p>{}</p></section>",
                       html_escape(trf(lang, "Thank you for your feedback ({} of 5).", *v.feedback_rating)));
  std::string stars;
  for (int i = 1; i <= 5; ++i)
    stars += fmt::format("<label><input type=radio name=rating value={} required> {}</label>", i, i);
  return fmt::format(
      "<section><h2>{}</h2><form method=post action=\"/s/{}/feedback\"><div class=stars>{}</div>"
      "<label for=comment>{}</label><textarea id=comment name=comment rows=3 maxlength=1000></textarea>"
      "<button class=go>{}</button></form></section>",
      tr(lang, "How did we do?"), v.token, stars, tr(lang, "Anything to add? (optional)"), tr(lang, "Send"));
}

std::string hours_section(Language lang, const std::vector<std::string>& hours, std::string_view phone) {
  std::string list;
  for (const auto& h : hours) list += html_escape(h) + "<br>";
  return fmt::format("<section><h2>{}</h2><p>{}</p><p>{} <a class=tel href=\"tel:{}\">{}</a></p></section>",
                     tr(lang, "Opening hours"), list, tr(lang, "Questions? Call us:"), html_escape(phone),
                     html_escape(phone));
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

const std::string& content_security_policy() {
  static const std::string policy = fmt::format(
      "default-src 'none'; style-src 'sha256-{}'; img-src 'self'; form-action 'self'; base-uri 'none'; "
      "frame-ancestors 'none'",
      style_hash());
  return policy;
}

std::string status_page(const StatusView& v, std::string_view notice) {
  Language lang = v.language;
  std::string steps;
  for (const auto& step : v.steps) {
    const char* css = step.state == StepState::done ? "done" : step.state == StepState::current ? "current" : "todo";
    steps += fmt::format("<li class={}>{}</li>", css, html_escape(step.label));
  }
  std::string who = html_escape(v.kind + " · " + v.product + (v.serial_hint.empty() ? "" : " " + v.serial_hint) +
                                (v.customer.empty() ? "" : " · " + v.customer));
  std::string body = fmt::format("<header><h1>{}</h1><p>{}</p></header>", html_escape(v.store_name), tr(lang, "Service case status"));
  if (!notice.empty()) body += fmt::format("<p class=notice role=status>{}</p>", html_escape(notice));
  body += fmt::format("<section><p class=code>{}</p><p class=meta>{}</p><h2>{}</h2><p class=next>{}</p>",
                      html_escape(v.code), who, html_escape(v.status), html_escape(v.next_step));
  if (!steps.empty()) body += fmt::format("<ol aria-label=\"{}\">{}</ol>", tr(lang, "Progress"), steps);
  if (v.promised_date)
    body += fmt::format("<p>{} <strong>{}</strong></p>", tr(lang, "Promised by"), html_escape(*v.promised_date));
  if (v.last_note)
    body += fmt::format("<p>{} ({}): {}</p>", tr(lang, "Latest update"), html_escape(v.last_note_date.value_or("")),
                        html_escape(*v.last_note));
  body += "</section>";
  if (v.awaiting_decision) body += estimate_section(v);
  if (v.feedback_open || v.feedback_rating) body += feedback_section(v);
  body += hours_section(lang, v.opening_hours, v.store_phone);
  return page(lang, v.store_name + " · " + v.code, body);
}

std::string not_found_page(Language lang) {
  return page(lang, std::string(tr(lang, "Case not found")),
              fmt::format("<section><h2>{}</h2><p>{}</p><p><a href=\"/track?lang={}\">{}</a></p></section>",
                          tr(lang, "Case not found"),
                          tr(lang, "This link does not lead to a case. Check that you scanned the code on your "
                                   "receipt, or ask at the service counter."),
                          language_code(lang), tr(lang, "Find a case with its code")));
}

std::string track_page(Language lang, std::string_view store_name, bool failed) {
  std::string alert = failed ? fmt::format("<p class=alert role=alert>{}</p>",
                                           tr(lang, "We could not find a case with that code and phone number. "
                                                    "Check both and try again."))
                             : std::string();
  return page(
      lang, std::string(tr(lang, "Track your case")),
      fmt::format("<header><h1>{}</h1></header><section><h2>{}</h2>{}<form method=post action=\"/track?lang={}\">"
                  "<label for=code>{}</label><input id=code name=code autocomplete=off required maxlength=20 "
                  "placeholder=\"R7K-4PQ-92X\"><label for=phone>{}</label><input id=phone name=phone "
                  "inputmode=numeric pattern=\"[0-9]{{4}}\" maxlength=4 required>"
                  "<button class=go>{}</button></form></section>",
                  html_escape(store_name), tr(lang, "Track your case"), alert, language_code(lang),
                  tr(lang, "Case code (on your receipt)"), tr(lang, "Last four digits of your phone number"),
                  tr(lang, "Show my case")));
}

std::string message_page(Language lang, std::string_view title, std::string_view text) {
  return page(lang, title, fmt::format("<section><h2>{}</h2><p>{}</p></section>", html_escape(title), html_escape(text)));
}

}  // namespace aftersales::server
