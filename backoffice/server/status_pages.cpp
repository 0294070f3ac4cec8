#include "status_pages.h"

#include <fmt/format.h>
#include <sodium.h>

#include "core/base/text.h"

namespace aftersales::server {
namespace {

constexpr std::string_view kStyle =
    "body{margin:0;font:16px/1.45 system-ui,sans-serif;color:#1b1b1b;background:#f3f4f6}"
    "main{max-width:34rem;margin:0 auto;padding:1rem}"
    "header p{margin:0;color:#555}header p.store{font-size:1.25rem;font-weight:700;color:#1b1b1b;margin:.25rem 0}"
    "section{background:#fff;border-radius:12px;padding:1rem;margin:1rem 0;box-shadow:0 1px 2px #0002}"
    ".code{font:700 1.6rem/1.2 ui-monospace,monospace;letter-spacing:.05em;margin:0}"
    ".meta{color:#555;margin:.25rem 0 0;overflow-wrap:anywhere}"
    "h1{font-size:1.35rem;margin:.75rem 0 .25rem}h2{font-size:1.2rem;margin:0 0 .5rem}"
    ".next{font-weight:600}"
    "ol{list-style:none;padding:0;margin:1rem 0}"
    "li{position:relative;padding:0 0 .9rem 1.9rem;color:#5c5c5c}"
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
    "fieldset{border:0;margin:0;padding:0}legend{padding:0;margin:.25rem 0 .5rem}"
    ".stars{display:flex;gap:.4rem;flex-wrap:nowrap}.stars label{flex:1;display:inline-flex;align-items:center;"
    "justify-content:center;gap:.3rem;margin:0;padding:.6rem .2rem;border:1px solid "
    "#bbb;border-radius:10px;min-height:28px}"
    ".stars input{width:1.2rem;height:1.2rem;margin:0}.notice{background:#e7f1ff;border-radius:8px;padding:.6rem}"
    ".alert{background:#fdecea;border-radius:8px;padding:.6rem}.hint{margin:0 0 .3rem;color:#555;font-size:.95rem}"
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
    ".confirm{outline:2px solid #1a7f37}.stop{background:#b42318;color:#fff}.answer{font-weight:600}.why{margin:0 0 "
    ".5rem}"
    "a.back{display:inline-block;padding:.8rem .5rem}"
    "nav{text-align:center;color:#555}nav a,nav strong{display:inline-block;padding:.75rem .5rem}"
    "a{color:#0a58ca}a.tel{display:inline-block;padding:.5rem 0;white-space:nowrap}"
    ".photos{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:0 0 .5rem}"
    ".photos li{padding:0}.photos li:before{content:none}.photos a{display:block}"
    ".photos img{display:block;width:96px;height:96px;object-fit:cover;border-radius:8px;background:#e5e7eb}"
    "input[type=file]{padding:.5rem;min-height:48px}";

std::string style_hash() {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(kStyle.data()), kStyle.size());
  char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(b64, sizeof b64, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
  return b64;
}

// Links to the same GET page in the other languages. `base` is that page's path: never a POST-only
// URL (an error answered at /s/<t>/estimate links to /s/<t>).
std::string language_switch(Language lang, std::string_view base) {
  std::string links;
  for (Language l : kAllLanguages) {
    if (l == lang)
      links += fmt::format("<strong>{}</strong>", language_name(l));
    else
      links += fmt::format("<a href=\"{}?lang={}\" hreflang=\"{}\" lang=\"{}\">{}</a>", html_escape(base),
                           language_code(l), language_code(l), language_code(l), language_name(l));
  }
  return fmt::format("<nav aria-label=\"{}\">{}</nav>", tr(lang, "Language"), links);
}

std::string store_header(Language lang, std::string_view store_name, std::string_view subtitle) {
  return fmt::format("<header><p class=store>{}</p><p>{}</p></header>", html_escape(store_name),
                     html_escape(subtitle.empty() ? tr(lang, "Service case status") : subtitle));
}

std::string page(Language lang, std::string_view title, std::string_view body, std::string_view lang_base) {
  return fmt::format(
      "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<meta name=\"robots\" content=\"noindex\"><title>{}</title><style>{}</style></head>"
      "<body><main>{}{}</main></body></html>",
      language_code(lang), html_escape(title), kStyle, body, language_switch(lang, lang_base));
}

// "+34 600 123 456" as tel:+34600123456: a number to dial has no spaces, and the link does not
// wrap between its groups of digits.
std::string phone_link(std::string_view phone) {
  std::string dial;
  for (char c : phone)
    if ((c >= '0' && c <= '9') || (c == '+' && dial.empty())) dial += c;
  return fmt::format("<a class=tel href=\"tel:{}\">{}</a>", dial, html_escape(phone));
}

// A translated sentence with the phone number as a link where its "{}" is.
std::string sentence_with_phone(std::string_view sentence, std::string_view phone) {
  auto at = sentence.find("{}");
  if (at == std::string_view::npos) return html_escape(sentence);
  return html_escape(sentence.substr(0, at)) + phone_link(phone) + html_escape(sentence.substr(at + 2));
}

// The link back names where it goes.
std::string_view back_label(Language lang, std::string_view back_href) {
  return back_href.starts_with("/track") ? tr(lang, "Back to the form") : tr(lang, "Back to your case");
}

std::string hidden_lang(Language lang) {
  return fmt::format("<input type=hidden name=lang value={}>", language_code(lang));
}

std::string estimate_table(const StatusView& v) {
  Language lang = v.language;
  std::string rows;
  std::string why = v.estimate_explanation.empty()
                        ? std::string()
                        : fmt::format("<p class=why>{}</p>", html_escape(v.estimate_explanation));
  for (const auto& line : v.estimate)
    rows += fmt::format("<tr><td>{}{}</td><td class=n>{}</td></tr>", html_escape(line.description),
                        line.quantity > 1 ? fmt::format(" × {}", line.quantity) : std::string(),
                        html_escape(customer_price(line.total_cents(), v.currency)));
  return fmt::format("{}<table>{}<tr class=total><td>{}</td><td class=n>{}</td></tr></table>", why, rows,
                     tr(lang, "Total"), html_escape(customer_price(v.estimate_total_cents, v.currency)));
}

// Step one: the estimate and two buttons that only ask (GET); nothing is sent yet.
std::string estimate_section(const StatusView& v) {
  Language lang = v.language;
  return fmt::format(
      "<section aria-labelledby=estimate><h2 id=estimate>{}</h2>{}"
      "<form method=get action=\"/s/{}\">{}<button class=yes name=confirm value=approve>{}</button>"
      "<button class=no name=confirm value=decline>{}</button></form><p class=meta>{}</p></section>",
      tr(lang, "Estimate"), estimate_table(v), v.token, hidden_lang(lang), tr(lang, "Approve the repair"),
      tr(lang, "Decline"), tr(lang, "If you decline, we return the item unrepaired. You can answer only once."));
}

// Step two: "Approve $119.00?" and the button that sends the answer.
std::string confirm_section(const StatusView& v, bool approve) {
  Language lang = v.language;
  std::string total = customer_price(v.estimate_total_cents, v.currency);
  std::string question =
      approve ? trf(lang, "Approve the repair for {}?", total) : trf(lang, "Decline the repair for {}?", total);
  std::string what =
      approve ? std::string(tr(lang, "We start the repair as soon as you confirm. You can answer only once."))
              : std::string(tr(lang, "We return the item unrepaired. You can answer only once."));
  return fmt::format(
      "<section aria-labelledby=confirm class=confirm><h2 id=confirm>{}</h2><p>{}</p>{}"
      "<form method=post action=\"/s/{}/estimate\">{}<input type=hidden name=decision value={}>"
      "<input type=hidden name=confirmed value=yes><button class={}>{}</button>"
      "<a class=back href=\"/s/{}?lang={}\">{}</a></form></section>",
      html_escape(question), html_escape(what), estimate_table(v), v.token, hidden_lang(lang),
      approve ? "approve" : "decline", approve ? "yes" : "stop",
      approve ? tr(lang, "Yes, approve") : tr(lang, "Yes, decline"), v.token, language_code(lang), tr(lang, "Go back"));
}

// After the answer, the estimate stays: what was approved (or declined) and when.
std::string answered_section(const StatusView& v) {
  Language lang = v.language;
  std::string when = v.decided_at.value_or("");
  std::string said =
      v.estimate_state == "approved" ? trf(lang, "Approved on {}", when) : trf(lang, "Declined on {}", when);
  return fmt::format("<section aria-labelledby=estimate><h2 id=estimate>{}</h2><p class=answer>{}</p>{}</section>",
                     tr(lang, "Estimate"), html_escape(said), estimate_table(v));
}

std::string pickup_section(const StatusView& v) {
  Language lang = v.language;
  std::string pay;
  if (v.due_at_pickup.empty()) {
    pay = fmt::format("<p>{}</p>", tr(lang, "Nothing to pay at pickup."));
  } else {
    std::string rows;
    std::int64_t total = 0;
    for (const auto& charge : v.due_at_pickup) {
      rows += fmt::format("<tr><td>{}</td><td class=n>{}</td></tr>", html_escape(charge.label),
                          html_escape(customer_price(charge.cents, v.currency)));
      total += charge.cents;
    }
    pay = fmt::format("<table>{}<tr class=total><td>{}</td><td class=n>{}</td></tr></table>", rows,
                      tr(lang, "To pay at pickup"), html_escape(customer_price(total, v.currency)));
  }
  if (v.credit_cents > 0)
    pay += fmt::format("<p>{}</p>", html_escape(trf(lang, "You paid more than the repair costs: we give you back {}.",
                                                    customer_price(v.credit_cents, v.currency))));
  return fmt::format("<section aria-labelledby=pickup><h2 id=pickup>{}</h2>{}<p>{}</p></section>",
                     tr(lang, "At pickup"), pay,
                     tr(lang, "Bring this receipt (or its case code) to the service counter."));
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
      "<section aria-labelledby=rate><h2 id=rate>{}</h2><form method=post action=\"/s/{}/feedback\">{}"
      "<fieldset><legend>{}</legend><div class=stars>{}</div></fieldset>"
      "<label for=comment>{}</label><textarea id=comment name=comment rows=3 maxlength=1000></textarea>"
      "<button class=go>{}</button></form></section>",
      tr(lang, "How did we do?"), v.token, hidden_lang(lang), tr(lang, "Your rating, from 1 (poor) to 5 (excellent)"),
      stars, tr(lang, "Anything to add? (optional)"), tr(lang, "Send"));
}

// The case's photos (thumbnails, each a link to the whole picture) and, while the case is open, a
// plain form to add one from the phone's camera or gallery: no JavaScript.
std::string photos_section(const StatusView& v, const StatusPageExtras& extras) {
  Language lang = v.language;
  if (extras.photos.empty() && !extras.photos_open) return {};
  std::string list;
  int n = 0;
  for (const auto& p : extras.photos) {
    std::string alt = p.from_customer ? trf(lang, "Your photo {}", ++n) : trf(lang, "Photo from the store {}", ++n);
    list += fmt::format(
        "<li><a href=\"/s/{0}/photos/{1}\"><img src=\"/s/{0}/photos/{1}/thumb\" alt=\"{2}\" width=96 height=96>"
        "</a></li>",
        v.token, p.id, html_escape(alt));
  }
  std::string body = list.empty() ? std::string() : fmt::format("<ul class=photos>{}</ul>", list);
  if (extras.photos_open)
    body += fmt::format(
        "<form method=post action=\"/s/{}/photos?lang={}\" enctype=multipart/form-data>{}"
        "<label for=photo>{}</label><p class=hint id=photo-hint>{}</p>"
        "<input id=photo type=file name=photo accept=\"image/jpeg,image/png\" capture=environment required "
        "aria-describedby=photo-hint><button class=go>{}</button></form>",
        v.token, language_code(lang), hidden_lang(lang), tr(lang, "Add a photo"),
        html_escape(trf(lang, "A photo of the problem helps us. JPEG or PNG, up to {}.", extras.max_upload)),
        tr(lang, "Send the photo"));
  return fmt::format("<section aria-labelledby=photos><h2 id=photos>{}</h2>{}</section>", tr(lang, "Photos"), body);
}

// Whether the store is open now, then the week. An older config's free-text hours are its own
// words in the store's language: marked as such, not passed off as a translation.
std::string hours_section(const StatusView& v) {
  Language lang = v.language;
  std::string list;
  if (!v.open_now.empty()) list += fmt::format("<strong>{}</strong><br>", html_escape(v.open_now));
  for (const auto& h : v.opening_hours) list += html_escape(h) + "<br>";
  std::string call = v.store_phone.empty()
                         ? std::string()
                         : fmt::format("<p>{} {}</p>", tr(lang, "Questions? Call us:"), phone_link(v.store_phone));
  // A store of the chain seen from headquarters: its number, not headquarters' hours.
  if (list.empty()) return call;
  std::string lang_attr = v.opening_hours_language == lang
                              ? std::string()
                              : fmt::format(" lang=\"{}\"", language_code(v.opening_hours_language));
  return fmt::format("<section aria-labelledby=hours><h2 id=hours>{}</h2><p{}>{}</p>{}</section>",
                     tr(lang, "Opening hours"), lang_attr, list, call);
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

std::string status_page(const StatusView& v, const StatusPageExtras& extras) {
  Language lang = v.language;
  std::string body = store_header(lang, v.store_name, {});
  if (!extras.notice.empty()) body += fmt::format("<p class=notice role=status>{}</p>", html_escape(extras.notice));
  if (v.moved) body += fmt::format("<p class=notice role=status>{}</p>", html_escape(*v.moved));
  std::string serial = v.serial_hint.empty()
                           ? std::string()
                           : fmt::format("<br>{}", html_escape(trf(lang, "Serial number ending {}", v.serial_hint)));
  body += fmt::format("<section><p class=code>{}</p><p class=meta>{} · {}{}</p><h1>{}</h1><p class=next>{}</p>",
                      html_escape(v.code), html_escape(v.kind), html_escape(v.product), serial, html_escape(v.status),
                      html_escape(v.next_step));
  if (v.promised_date)
    body += fmt::format("<p>{} <strong>{}</strong></p>", tr(lang, "Promised by"), html_escape(*v.promised_date));
  if (v.part_expected) body += fmt::format("<p class=part-expected>{}</p>", html_escape(*v.part_expected));
  if (!v.pickup && v.paid_cents > 0)
    body += fmt::format("<p>{} <strong>{}</strong></p>", tr(lang, "Paid so far:"),
                        html_escape(customer_price(v.paid_cents, v.currency)));
  if (!v.pickup && v.estimate_state == "approved" && v.due_cents > 0) {
    // The estimate above does not show the fee agreed at check-in: say it is in, or the sum looks wrong.
    std::string fee = v.diagnostic_fee_cents > 0
                          ? " " + html_escape(trf(lang, "(with the diagnostic fee of {})",
                                                  customer_price(v.diagnostic_fee_cents, v.currency)))
                          : std::string();
    body += fmt::format("<p>{} <strong>{}</strong>{}</p>", tr(lang, "Left to pay at pickup:"),
                        html_escape(customer_price(v.due_cents, v.currency)), fee);
  }
  if (v.loaner_to_bring)
    body += fmt::format("<p class=loaner>{}</p>",
                        html_escape(trf(lang, "Please bring the loaner {} when you collect.", *v.loaner_to_bring)));
  if (v.repair_warranty_until)
    body += fmt::format("<p>{}</p>",
                        html_escape(trf(lang, "Our warranty on this repair runs until {}.", *v.repair_warranty_until)));
  body += "</section>";
  if (v.answer_received) body += fmt::format("<p class=notice role=status>{}</p>", html_escape(*v.answer_received));
  if (v.awaiting_decision) {
    if (extras.confirm == "approve" || extras.confirm == "decline")
      body += confirm_section(v, extras.confirm == "approve");
    else
      body += estimate_section(v);
  } else if (v.estimate_state == "approved" || v.estimate_state == "declined") {
    body += answered_section(v);
  }
  if (v.pickup) body += pickup_section(v);
  std::string steps;
  for (const auto& step : v.steps) {
    const char* css = step.state == StepState::done ? "done" : step.state == StepState::current ? "current" : "todo";
    std::string_view said = step.state == StepState::done      ? tr(lang, "Done")
                            : step.state == StepState::current ? tr(lang, "Now")
                                                               : tr(lang, "Still to come");
    steps += fmt::format("<li class={}><span class=sr>{}: </span>{}</li>", css, said, html_escape(step.label));
  }
  if (!steps.empty() || v.last_note) {
    body += fmt::format("<section aria-labelledby=progress><h2 id=progress>{}</h2>", tr(lang, "Progress"));
    if (!steps.empty()) body += fmt::format("<ol>{}</ol>", steps);
    if (v.last_note)
      body += fmt::format("<p>{} ({}): {}</p>", tr(lang, "Latest update"), html_escape(v.last_note_date.value_or("")),
                          html_escape(*v.last_note));
    body += "</section>";
  }
  body += photos_section(v, extras);
  if (v.feedback_open || v.feedback_rating) body += feedback_section(v);
  body += hours_section(v);
  return page(lang, v.store_name + " · " + v.code, body, fmt::format("/s/{}", v.token));
}

std::string not_found_page(Language lang, std::string_view store_name) {
  return page(
      lang, std::string(tr(lang, "Case not found")),
      store_header(lang, store_name, {}) +
          fmt::format("<section><h1>{}</h1><p>{}</p><p><a class=back href=\"/track?lang={}\">{}</a></p></section>",
                      tr(lang, "Case not found"),
                      tr(lang,
                         "This link does not lead to a case. Check that you scanned the code on your "
                         "receipt, or ask at the service counter."),
                      language_code(lang), tr(lang, "Find a case with its code")),
      "/track");
}

std::string track_page(Language lang, std::string_view store_name, const TrackForm& form) {
  std::string alert = form.alert.empty()
                          ? std::string()
                          : fmt::format("<p class=alert role=alert id=problem>{}</p>", html_escape(form.alert));
  std::string invalid = form.alert.empty() ? std::string() : " aria-invalid=true";
  return page(
      lang, std::string(tr(lang, "Track your case")),
      store_header(lang, store_name, tr(lang, "Track your case")) +
          fmt::format(
              "<section><h1>{}</h1>{}<form method=post action=\"/track\">{}"
              "<label for=code>{}</label><p class=hint id=code-hint>{}</p>"
              "<input id=code name=code value=\"{}\" aria-describedby=code-hint autocomplete=off "
              "autocapitalize=characters "
              "spellcheck=false required maxlength=20{}>"
              "<label for=phone>{}</label><p class=hint id=key-hint>{}</p>"
              "<input id=phone name=phone aria-describedby=key-hint autocomplete=off required maxlength=100>"
              "<button class=go>{}</button></form><p class=hint>{}</p></section>",
              tr(lang, "Track your case"), alert, form.language_chosen ? hidden_lang(lang) : std::string(),
              tr(lang, "Case code (on your receipt)"),
              html_escape(trf(lang, "9 letters and digits, for example {}", "R7K-4PQ-92X")), html_escape(form.code),
              invalid, tr(lang, "Last four digits of your phone number"),
              tr(lang, "No phone number on the case? Type the e-mail address you gave, or the receipt number."),
              tr(lang, "Show my case"),
              tr(lang,
                 "After 5 wrong tries a case code is locked for at least 15 minutes, to keep it safe from guessing.")),
      "/track");
}

std::string message_page(Language lang, std::string_view store_name, std::string_view title, std::string_view text,
                         std::string_view back_href, std::string_view call_us_phone) {
  std::string back = back_href.empty()
                         ? std::string()
                         : fmt::format("<p><a class=back href=\"{}?lang={}\">{}</a></p>", html_escape(back_href),
                                       language_code(lang), back_label(lang, back_href));
  std::string call = call_us_phone.empty()
                         ? std::string()
                         : " " + sentence_with_phone(tr(lang, "Need it sooner? Call us at {}."), call_us_phone);
  return page(lang, title,
              store_header(lang, store_name, {}) + fmt::format("<section><h1>{}</h1><p>{}{}</p>{}</section>",
                                                               html_escape(title), html_escape(text), call, back),
              back_href);
}

}  // namespace aftersales::server
