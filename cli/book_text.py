# ruff: noqa: E501  (a translation table: one sentence per line reads best)
"""The sentences of the book watch (alerts, activation, ledger, calendar, 公私聯動) in English,
繁體中文 and 简体中文, made from the engines' codes and parameters.

``sentence(code, params, lang)`` looks the code up (a code ``a.b.c`` falls back to ``a.b`` then
``a``) and fills the template with the parameters made printable first: amounts as people write
them (萬/億 in Chinese, :func:`household.locale.money`), fractions as percentages, words for the
small vocabularies. User text (names, notes) is only ever a value, never a template.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from household.locale import check_lang, money, pct

_I = {"en": 0, "zh-Hant": 1, "zh-Hans": 2}

T: dict[str, tuple[str, str, str]] = {
    # --- alerts
    "large_value.single": ("{client}: one transaction of {largest} on {date} is at or above the large-value reporting threshold of {threshold} ({rule_name}; {reference}{unverified}).",
                           "{client}：{date} 單筆交易 {largest}，達到大額交易報告標準 {threshold}（{rule_name}；{reference}{unverified}）。",
                           "{client}：{date} 单笔交易 {largest}，达到大额交易报告标准 {threshold}（{rule_name}；{reference}{unverified}）。"),
    "large_value.day": ("{client}: {transactions} transactions totalling {amount} on {date} reach the daily large-value reporting threshold of {threshold} ({rule_name}; {reference}{unverified}).",
                        "{client}：{date} 共 {transactions} 筆交易合計 {amount}，達到當日累計大額交易報告標準 {threshold}（{rule_name}；{reference}{unverified}）。",
                        "{client}：{date} 共 {transactions} 笔交易合计 {amount}，达到当日累计大额交易报告标准 {threshold}（{rule_name}；{reference}{unverified}）。"),
    "abnormal_flow.amount": ("{client}: {direction} of {amount} ({txn_kind}) on {date}, {times_usual} times the account's usual largest transaction of {usual}.",
                             "{client}：{date} {direction} {amount}（{txn_kind}），為該賬戶平常最大單筆 {usual} 的 {times_usual} 倍。",
                             "{client}：{date} {direction} {amount}（{txn_kind}），为该账户平常最大单笔 {usual} 的 {times_usual} 倍。"),
    "abnormal_flow.new": ("{client}: {direction} of {amount} ({txn_kind}) on {date}, the first of its kind on this account and far beyond anything usual there.",
                          "{client}：{date} {direction} {amount}（{txn_kind}），該賬戶首次出現此類交易，遠超平常水平。",
                          "{client}：{date} {direction} {amount}（{txn_kind}），该账户首次出现此类交易，远超平常水平。"),
    "outflow_to_other_bank.new": ("{client}: {amount} left for another bank on {date}, {share_of_liquid} of the client's current and savings balances, with no such transfer before; ask what the money is for.",
                                  "{client}：{date} 有 {amount} 轉往他行，佔其活期及儲蓄存款 {share_of_liquid}，此前從未有此類轉賬；請及早了解資金用途。",
                                  "{client}：{date} 有 {amount} 转往他行，占其活期及储蓄存款 {share_of_liquid}，此前从未有此类转账；请及早了解资金用途。"),
    "abnormal_flow.cash_burst": ("{client}: {count} cash withdrawals totalling {amount} within {days} days from {date} (usually {usual_per_month} a month).",
                                 "{client}：自 {date} 起 {days} 天內提取現金 {count} 次，合計 {amount}（平常每月約 {usual_per_month} 次）。",
                                 "{client}：自 {date} 起 {days} 天内提取现金 {count} 次，合计 {amount}（平常每月约 {usual_per_month} 次）。"),
    "outflow_to_other_bank.amount": ("{client}: {amount} left for another bank on {date}, {times_usual} times the usual {usual}; ask what the money is for before it is gone for good.",
                                     "{client}：{date} 有 {amount} 轉往他行，為平常 {usual} 的 {times_usual} 倍；請及早了解資金用途，防止存款流失。",
                                     "{client}：{date} 有 {amount} 转往他行，为平常 {usual} 的 {times_usual} 倍；请及早了解资金用途，防止存款流失。"),
    "large_inflow.amount": ("{client}: {amount} came in on {date} ({txn_kind}), {times_usual} times the usual {usual}: worth a conversation about where it goes next.",
                            "{client}：{date} 入賬 {amount}（{txn_kind}），為平常 {usual} 的 {times_usual} 倍，值得聯繫了解資金安排。",
                            "{client}：{date} 入账 {amount}（{txn_kind}），为平常 {usual} 的 {times_usual} 倍，值得联系了解资金安排。"),
    "large_inflow.new": ("{client}: {amount} came in on {date} ({txn_kind}), more than anything this account received before: worth a conversation about where it goes next.",
                         "{client}：{date} 入賬 {amount}（{txn_kind}），該賬戶前所未有，值得聯繫了解資金安排。",
                         "{client}：{date} 入账 {amount}（{txn_kind}），该账户前所未有，值得联系了解资金安排。"),
    "balance_drop.fraction": ("{client}: deposits with us fell from {before} to {after} ({fraction} less) within {days} days, by {date}.",
                              "{client}：存款在 {days} 天內由 {before} 降至 {after}（減少 {fraction}），截至 {date}。",
                              "{client}：存款在 {days} 天内由 {before} 降至 {after}（减少 {fraction}），截至 {date}。"),
    "payroll_change.missing": ("{client}: the payroll batch expected around {expected} (usually {usual}) has not been paid; the last one was on {last_batch}.",
                               "{client}：原定約 {expected} 的代發工資（平常 {usual}）尚未發放；上一次在 {last_batch}。",
                               "{client}：原定约 {expected} 的代发工资（平常 {usual}）尚未发放；上一次在 {last_batch}。"),
    "payroll_change.shrunk": ("{client}: payroll for {month} was {now}, {fraction} below the usual {usual} (the lower level began on {date}).",
                              "{client}：{month} 代發工資 {now}，較平常 {usual} 減少 {fraction}（自 {date} 起）。",
                              "{client}：{month} 代发工资 {now}，较平常 {usual} 减少 {fraction}（自 {date} 起）。"),
    "payroll_change.moved": ("{client}: payroll was paid on {date} instead of around day {usual_day} of the month.",
                             "{client}：代發工資於 {date} 發放，平常在每月 {usual_day} 日左右。",
                             "{client}：代发工资于 {date} 发放，平常在每月 {usual_day} 日左右。"),
    "dormant_reactivated.amount": ("{client}: an account idle for {idle_days} days (since {since}) moved {amount} from {date}.",
                                   "{client}：閒置 {idle_days} 天（自 {since}）的賬戶自 {date} 起動用 {amount}。",
                                   "{client}：闲置 {idle_days} 天（自 {since}）的账户自 {date} 起动用 {amount}。"),
    "maturity": ("{client}: {account_kind} {account} of {amount} matures on {date} (in {days_left} days).",
                 "{client}：{account_kind} {account}（{amount}）將於 {date} 到期（尚餘 {days_left} 天）。",
                 "{client}：{account_kind} {account}（{amount}）将于 {date} 到期（尚余 {days_left} 天）。"),
    "kyc_due.overdue": ("{client}: the KYC and suitability review was due on {date}, {days} days ago.",
                        "{client}：客戶盡職審查及適合度評估已於 {date} 到期，逾期 {days} 天。",
                        "{client}：客户尽职审查及适合度评估已于 {date} 到期，逾期 {days} 天。"),
    "kyc_due.soon": ("{client}: the KYC and suitability review is due on {date}, in {days} days.",
                     "{client}：客戶盡職審查及適合度評估將於 {date} 到期，尚餘 {days} 天。",
                     "{client}：客户尽职审查及适合度评估将于 {date} 到期，尚余 {days} 天。"),
    # --- activation: reasons
    "activation.dormant": ("Dormant: nothing initiated by the client since {since} ({months}+ months).",
                           "睡眠戶：自 {since} 起客戶未主動交易（{months} 個月以上）。",
                           "睡眠户：自 {since} 起客户未主动交易（{months} 个月以上）。"),
    "activation.low_activity": ("Low activity: {per_year} client transactions in the last year.",
                                "低效戶：過去一年僅 {per_year} 筆客戶交易。",
                                "低效户：过去一年仅 {per_year} 笔客户交易。"),
    "activation.known_wealth": ("The family's known net worth is {net_worth}; {wallet_share} of its assets are with us.",
                                "家族已知淨資產 {net_worth}，其中 {wallet_share} 在本行。",
                                "家族已知净资产 {net_worth}，其中 {wallet_share} 在本行。"),
    "activation.family_companies": ("{count} family company(ies) bank with us ({companies}).",
                                    "家族有 {count} 家企業在本行開戶（{companies}）。",
                                    "家族有 {count} 家企业在本行开户（{companies}）。"),
    "activation.family_clients": ("{count} family member(s) are also our clients.",
                                  "另有 {count} 位家庭成員是本行客戶。",
                                  "另有 {count} 位家庭成员是本行客户。"),
    "activation.education_goal": ("Education goal \u201c{goal}\u201d starts in {year} ({amount}).",
                                  "教育目標「{goal}」將於 {year} 年開始（{amount}）。",
                                  "教育目标「{goal}」将于 {year} 年开始（{amount}）。"),
    "activation.idle_current": ("{amount} lies idle in current and savings accounts.",
                                "活期及儲蓄賬戶閒置資金 {amount}。",
                                "活期及储蓄账户闲置资金 {amount}。"),
    "activation.maturity_soon": ("A {account_kind} matures on {date}.",
                                 "{account_kind}將於 {date} 到期。",
                                 "{account_kind}将于 {date} 到期。"),
    "activation.near_retirement": ("Aged {age}: retirement is near.",
                                   "現年 {age} 歲，臨近退休。",
                                   "现年 {age} 岁，临近退休。"),
    "activation.founder_without_will": ("Founder aged {age} with no will on file.",
                                        "創辦人現年 {age} 歲，尚無遺囑記錄。",
                                        "创办人现年 {age} 岁，尚无遗嘱记录。"),
    # --- activation: suggested actions
    "action.wealth_review": ("Offer a whole-family wealth review (only {wallet_share} of known assets are with us).",
                             "邀請做家族整體財富檢視（本行僅佔已知資產 {wallet_share}）。",
                             "邀请做家族整体财富检视（本行仅占已知资产 {wallet_share}）。"),
    "action.corporate_private": ("Corporate-private: payroll, operating account and staff accounts for {companies}.",
                                 "公私聯動：為 {companies} 辦理代發工資、結算賬戶及員工賬戶。",
                                 "公私联动：为 {companies} 办理代发工资、结算账户及员工账户。"),
    "action.education_plan": ("Plan the education funding and currency for {year}.",
                              "規劃 {year} 年起的教育金及外幣安排。",
                              "规划 {year} 年起的教育金及外币安排。"),
    "action.offer_products": ("Suggest from the product shelf: {products}.",
                              "建議產品：{products}。",
                              "建议产品：{products}。"),
    "action.maturity_rollover": ("Call before {date} about the maturing money.",
                                 "於 {date} 前聯繫，安排到期資金。",
                                 "于 {date} 前联系，安排到期资金。"),
    "action.retirement_plan": ("Offer a retirement income plan.",
                               "提供退休收入規劃。",
                               "提供退休收入规划。"),
    "action.succession_plan": ("Open the succession conversation: will, trust, insurance.",
                               "開啟傳承規劃話題：遺囑、信託、保險。",
                               "开启传承规划话题：遗嘱、信托、保险。"),
    "action.call": ("Call ({banker}).", "電話回訪（{banker}）。", "电话回访（{banker}）。"),
    # --- 公私聯動
    "linkage.staff_uncovered": ("{uncovered} of {employees} staff are not yet our clients ({staff_with_us} are).",
                                "{employees} 名員工中有 {uncovered} 名尚非本行客戶（已是客戶 {staff_with_us} 名）。",
                                "{employees} 名员工中有 {uncovered} 名尚非本行客户（已是客户 {staff_with_us} 名）。"),
    "linkage.no_payroll": ("No payroll agreement with us yet (代發工資).",
                           "尚未在本行辦理代發工資。",
                           "尚未在本行办理代发工资。"),
    "linkage.executives": ("{count} executive(s) or director(s) are not yet private clients: {who}.",
                           "{count} 位高管或董事尚非本行個人客戶：{who}。",
                           "{count} 位高管或董事尚非本行个人客户：{who}。"),
    "linkage.owner_wallet": ("The owner family holds {wallet_share} of its {known_assets} known assets with us.",
                             "企業主家族已知資產 {known_assets}，在本行僅佔 {wallet_share}。",
                             "企业主家族已知资产 {known_assets}，在本行仅占 {wallet_share}。"),
    # --- calendar
    "calendar.birthday": ("{client}'s birthday ({age}).", "{client} 生日（{age} 歲）。", "{client} 生日（{age} 岁）。"),
    "calendar.family_birthday": ("{person}'s birthday ({age}), family of {client}.", "{client} 的家人 {person} 生日（{age} 歲）。", "{client} 的家人 {person} 生日（{age} 岁）。"),
    "calendar.festival": ("{festival}: greetings to {clients} clients.", "{festival}：向 {clients} 位客戶致以節日問候。", "{festival}：向 {clients} 位客户致以节日问候。"),
    "calendar.anniversary": ("{client}: wedding anniversary ({years} years).", "{client}：結婚 {years} 週年。", "{client}：结婚 {years} 周年。"),
    "calendar.maturity": ("{client}: {account_kind} {account_id} matures.", "{client}：{account_kind} {account_id} 到期。", "{client}：{account_kind} {account_id} 到期。"),
    "calendar.kyc_review": ("{client}: KYC and suitability review due.", "{client}：客戶盡職審查到期。", "{client}：客户尽职审查到期。"),
    "calendar.policy_anniversary": ("{client}: policy anniversary ({years} years).", "{client}：保單週年日（{years} 年）。", "{client}：保单周年日（{years} 年）。"),
    "calendar.planned_visit": ("{client}: planned — {next_action}.", "{client}：已安排 — {next_action}。", "{client}：已安排 — {next_action}。"),
    # --- words
    "word.in": ("an inflow", "轉入", "转入"),
    "word.out": ("an outflow", "轉出", "转出"),
    "word.unverified": (", UNVERIFIED", "，未經核實", "，未经核实"),
    "word.none": ("—", "—", "—"),
    "festival.spring_festival": ("Spring Festival", "春節", "春节"),
    "festival.mid_autumn": ("Mid-Autumn Festival", "中秋節", "中秋节"),
    "rule.cn_cash": ("cash", "現金", "现金"),
    "rule.cn_company_transfer": ("company transfers", "對公轉賬", "对公转账"),
    "rule.cn_person_transfer": ("personal transfers", "個人轉賬", "个人转账"),
    "rule.tw_cash": ("cash transaction report", "大額通貨交易", "大额通货交易"),
    "rule.hk_internal_cash": ("bank's internal cash threshold", "本行現金內部標準", "本行现金内部标准"),
    "acct.current": ("current account", "活期賬戶", "活期账户"),
    "acct.savings": ("savings account", "儲蓄賬戶", "储蓄账户"),
    "acct.time_deposit": ("time deposit", "定期存款", "定期存款"),
    "acct.certificate_of_deposit": ("certificate of deposit", "大額存單", "大额存单"),
    "acct.wealth_product": ("wealth product", "理財產品", "理财产品"),
    "acct.fund": ("fund", "基金", "基金"),
    "acct.bond": ("bond", "債券", "债券"),
    "acct.structured": ("structured product", "結構性產品", "结构性产品"),
    "acct.insurance": ("insurance policy", "保單", "保单"),
    "acct.loan": ("loan", "貸款", "贷款"),
    "acct.mortgage": ("mortgage", "房貸", "房贷"),
    "acct.credit_card": ("credit card", "信用卡", "信用卡"),
    "acct.payroll_agency": ("payroll agreement", "代發工資協議", "代发工资协议"),
    "txn.dividend": ("dividend", "股息", "股息"),
    "txn.redemption": ("redemption", "贖回", "赎回"),
    "txn.transfer": ("transfer", "轉賬", "转账"),
    "txn.other": ("other", "其他", "其他"),
    "txn.fx": ("foreign exchange", "外匯", "外汇"),
    "txn.investment": ("investment", "投資", "投资"),
    "txn.cash": ("cash", "現金", "现金"),
    "txn.card": ("card", "刷卡", "刷卡"),
    "txn.loan_drawdown": ("loan drawdown", "貸款發放", "贷款发放"),
    "txn.loan_repayment": ("loan repayment", "還款", "还款"),
    "txn.premium": ("premium", "保費", "保费"),
    "txn.tax": ("tax", "稅款", "税款"),
    "txn.salary": ("salary", "工資", "工资"),
    "txn.payroll_batch": ("payroll batch", "代發工資", "代发工资"),
    "txn.interest": ("interest", "利息", "利息"),
    "txn.fee": ("fee", "費用", "费用"),
    # --- ledger
    "ledger.list.vip": ("VIP personal clients", "個人貴賓客戶", "个人贵宾客户"),
    "ledger.list.loan": ("Clients with loans", "有貸戶", "有贷户"),
    "ledger.list.payroll_company": ("Payroll companies", "代發工資單位", "代发工资单位"),
    "ledger.list.payroll_staff": ("Payroll staff", "代發工資戶", "代发工资户"),
    "ledger.list.succession": ("Families in succession planning", "傳承規劃家族", "传承规划家族"),
    "ledger.col.list": ("List", "台賬類別", "台账类别"),
    "ledger.col.client_id": ("Client ID", "客戶號", "客户号"),
    "ledger.col.name": ("Name", "客戶名稱", "客户名称"),
    "ledger.col.household_id": ("Household", "家族", "家族"),
    "ledger.col.banker": ("Banker", "客戶經理", "客户经理"),
    "ledger.col.assets_with_us": ("Assets with us", "在本行資產", "在本行资产"),
    "ledger.col.currency": ("Currency", "幣種", "币种"),
    "ledger.col.last_contact": ("Last contact", "最近聯繫", "最近联系"),
    "ledger.col.last_action": ("What was done", "跟進內容", "跟进内容"),
    "ledger.col.next_action": ("Next action", "下一步", "下一步"),
    "ledger.col.next_date": ("Next action date", "下一步日期", "下一步日期"),
    "ledger.col.status": ("Status", "狀態", "状态"),
    "ledger.col.at": ("Recorded at", "記錄時間", "记录时间"),
    "ledger.col.actor": ("Recorded by", "記錄人", "记录人"),
    "ledger.col.channel": ("Channel", "方式", "方式"),
    "ledger.col.what": ("What was done", "跟進內容", "跟进内容"),
    "ledger.col.contact_date": ("Contact date", "聯繫日期", "联系日期"),
    "ledger.sheet.ledger": ("Key clients", "重點客戶台賬", "重点客户台账"),
    "ledger.sheet.followups": ("Follow-ups", "跟進記錄", "跟进记录"),
    "status.none": ("no follow-up yet", "尚未跟進", "尚未跟进"),
    "status.open": ("open", "待跟進", "待跟进"),
    "status.in_progress": ("in progress", "跟進中", "跟进中"),
    "status.done": ("done", "已完成", "已完成"),
    "status.no_interest": ("no interest", "暫無需求", "暂无需求"),
    # --- headings
    "head.alerts": ("Alerts on {date}: {n}", "{date} 提示：{n} 條", "{date} 提示：{n} 条"),
    "head.activation": ("Clients worth a call on {date}: {n}", "{date} 值得聯繫的客戶：{n} 位", "{date} 值得联系的客户：{n} 位"),
    "head.linkage": ("Corporate-private opportunities: {n}", "公私聯動機會：{n} 家", "公私联动机会：{n} 家"),
    "head.calendar": ("Contact calendar {start} to {end}: {n}", "聯繫日曆 {start} 至 {end}：{n} 項", "联系日历 {start} 至 {end}：{n} 项"),
    "head.suppressed": ("({n} acknowledged or closed not shown)", "（{n} 條已確認或已結案，未顯示）", "（{n} 条已确认或已结案，未显示）"),
    "head.acked": ("Recorded: {action} of {episode}", "已記錄：{action} {episode}", "已记录：{action} {episode}"),
    "head.followup": ("Follow-up #{id} recorded for {client}", "已記錄 {client} 的跟進 #{id}", "已记录 {client} 的跟进 #{id}"),
}

# parameters that are amounts (formatted with the alert's or the book's currency)
_MONEY = {"amount", "usual", "now", "before", "after", "threshold", "largest", "net_worth",
          "known_assets"}
_FRACTION = {"fraction", "wallet_share", "share_of_liquid"}


def tr(key: str, lang: str) -> str:
    return T[key][_I[check_lang(lang)]]


def template(code: str, lang: str) -> str:
    """The template of ``code`` (``a.b.c`` falls back to ``a.b``, then ``a``)."""
    parts = code.split(".")
    for n in range(len(parts), 0, -1):
        key = ".".join(parts[:n])
        if key in T:
            return tr(key, lang)
    raise KeyError(f"no sentence for '{code}'")


def _word(prefix: str, value: Any, lang: str) -> str:
    key = f"{prefix}.{value}"
    return tr(key, lang) if key in T else str(value)


def printable(params: Mapping[str, Any], lang: str, currency: str | None = None) -> dict:
    """Parameters made printable in ``lang``."""
    out: dict[str, Any] = {}
    for k, v in params.items():
        if v is None:
            out[k] = tr("word.none", lang)
        elif k in _MONEY and isinstance(v, (int, float)) and math.isfinite(v):
            cur = params.get("threshold_currency") if k == "threshold" else None
            out[k] = money(float(v), cur or params.get("currency") or currency, lang)
        elif k in _FRACTION and isinstance(v, (int, float)):
            out[k] = pct(float(v))
        elif isinstance(v, (list, tuple)):
            out[k] = "、".join(map(str, v)) if lang != "en" else ", ".join(map(str, v))
        elif isinstance(v, float):
            out[k] = f"{v:,.1f}".rstrip("0").rstrip(".")
        else:
            out[k] = v
    if "direction" in params:
        out["direction"] = tr(f"word.{params['direction']}", lang)
    for k, prefix in (("txn_kind", "txn"), ("account_kind", "acct"), ("festival", "festival"),
                      ("rule", "rule")):
        if k in params and params[k] is not None:
            out[k] = _word(prefix, params[k], lang)
    if "rule" in params:
        out["rule_name"] = out["rule"]
    if "verified" in params:
        out["unverified"] = "" if params["verified"] else tr("word.unverified", lang)
    return out


def sentence(code: str, params: Mapping[str, Any], lang: str, currency: str | None = None
             ) -> str:
    return template(code, lang).format_map(_Strict(printable(params, lang, currency)))


class _Strict(dict):
    def __missing__(self, key: str) -> str:
        raise KeyError(f"sentence parameter '{key}' missing")


def alert_sentence(alert_json: Mapping[str, Any], client_name: str, lang: str) -> str:
    """The one plain sentence of an alert (its ``as_json()`` form)."""
    p = dict(alert_json["params"])
    p.update({"client": client_name, "date": alert_json["date"],
              "amount": alert_json.get("amount"), "currency": alert_json.get("currency"),
              "account": alert_json.get("account_id") or ""})
    return sentence(alert_json["code"], p, lang)
