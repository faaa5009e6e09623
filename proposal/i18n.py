"""The words of the proposal in English, 繁體中文 and 简体中文.

Each entry is ``(en, zh-Hant, zh-Hans)``; ``{name}`` fields are filled with :meth:`str.format`
from numbers and names that have already been made printable (user text is never a format string).
"""

from __future__ import annotations

from household.locale import check_lang

from .i18n_advice import T_ADVICE, TW_TERMS, TW_WORDS

_I = {"en": 0, "zh-Hant": 1, "zh-Hans": 2}

T: dict[str, tuple[str, str, str]] = {
    # cover and frame
    "title": ("Family wealth and succession proposal", "家族財富規劃與傳承建議書",
              "家族财富规划与传承建议书"),
    "subtitle": ("Consolidated wealth, goals, allocation and succession",
                 "公私合併財富、目標、資產配置與傳承安排",
                 "公私合并财富、目标、资产配置与传承安排"),
    "prepared_for": ("Prepared for", "謹呈", "谨呈"),
    "prepared_by": ("Your relationship manager", "您的客戶經理", "您的客户经理"),
    "prepared_on": ("Date of this proposal", "建議書日期", "建议书日期"),
    "valuation_date": ("Valuation date", "估值日", "估值日"),
    "base_currency": ("Base currency", "基準貨幣", "基准货币"),
    "confidential": ("Confidential — prepared for {name}", "機密文件 — 專為{name}編製",
                     "机密文件 — 专为{name}编制"),
    "page": ("Page {n} / {total}", "第 {n} 頁 / 共 {total} 頁", "第 {n} 页 / 共 {total} 页"),
    "contents": ("Contents", "目錄", "目录"),
    # sections
    "s_summary": ("Executive summary", "摘要", "摘要"),
    "s_family": ("The family and its companies", "家族成員與家族企業", "家族成员与家族企业"),
    "s_balance": ("Consolidated balance sheet", "公私合併資產負債表", "公私合并资产负债表"),
    "s_goals": ("Goals and their probabilities", "家庭目標與達成機率", "家庭目标与达成概率"),
    "s_allocation": ("Recommended allocation", "建議資產配置", "建议资产配置"),
    "s_succession": ("Succession: who receives what", "財富傳承：誰得到什麼",
    "财富传承：谁得到什么"),
    "s_actions": ("Action plan", "行動計劃", "行动计划"),
    "s_products": ("Product sheets", "產品說明書", "产品说明书"),
    "s_assumptions": ("Assumptions and method", "假設與方法", "假设与方法"),
    "s_disclaimers": ("Important information", "重要聲明", "重要声明"),
    # executive summary
    "k_net_worth": ("Family net worth", "家族淨資產", "家族净资产"),
    "k_liquid": ("Liquid assets", "流動資產", "流动资产"),
    "k_business": ("In family companies", "家族企業權益", "家族企业权益"),
    "k_essential": ("All essential goals met", "全部必要目標達成機率", "全部必要目标达成概率"),
    "sum_wealth": (
        "The family's consolidated net worth is {nw}, valued on {date} in {cur}. "
        "Of the gross assets of {assets}, {conc} is held in the family companies, {liquid} is in "
        "liquid investments and deposits and {property} in property.",
        "家族公私合併淨資產為{nw}（{cur}，估值日{date}）。總資產{assets}之中，家族企業權益佔"
        "{conc}，流動性投資及存款為{liquid}，不動產為{property}。",
        "家族公私合并净资产为{nw}（{cur}，估值日{date}）。总资产{assets}之中，家族企业权益占"
        "{conc}，流动性投资及存款为{liquid}，不动产为{property}。"),
    "sum_concentrated": (
        "Wealth is concentrated in the business: a setback of the companies would reach the "
        "family's living standard, and the family's personal guarantees add {contingent} of "
        "contingent liabilities. Building liquid wealth outside the companies is the first aim of "
        "this proposal.",
        "財富高度集中於家族企業：企業經營一旦受挫，將直接影響家庭生活；家族成員為企業提供的個人"
        "擔保另有{contingent}的或有負債。在企業之外建立流動財富，是本建議書的首要目標。",
        "财富高度集中于家族企业：企业经营一旦受挫，将直接影响家庭生活；家族成员为企业提供的个人"
        "担保另有{contingent}的或有负债。在企业之外建立流动财富，是本建议书的首要目标。"),
    "sum_guarantees": (
        "Family members have personally guaranteed company loans of {contingent}; these are "
        "contingent liabilities of the guarantors.",
        "家族成員為企業貸款提供個人擔保合計{contingent}，屬擔保人的或有負債。",
        "家族成员为企业贷款提供个人担保合计{contingent}，属担保人的或有负债。"),
    "sum_goals": (
        "Across {paths} simulated futures, the family meets all of its essential goals in {p} of "
        "cases with the recommended allocation{cmp}.",
        "在{paths}條模擬情境中，採用建議配置後，全部必要目標達成的機率為{p}{cmp}。",
        "在{paths}条模拟情景中，采用建议配置后，全部必要目标达成的概率为{p}{cmp}。"),
    "sum_goals_cmp": (" (against {p} with the current one)", "（現有配置為{p}）",
                      "（现有配置为{p}）"),
    "sum_goals_plain": (
        "Across {paths} simulated futures, the family meets all of its essential goals in {p} of "
        "cases.",
        "在{paths}條模擬情境中，全部必要目標達成的機率為{p}。",
        "在{paths}条模拟情景中，全部必要目标达成的概率为{p}。"),
    "sum_allocation": (
        "We recommend the {name} portfolio for the liquid assets, with an expected return of "
        "{ret} a year and risk level {risk}, within the risk tolerance {level} on file.",
        "我們建議流動資產採用「{name}」，預期年化報酬{ret}，風險等級{risk}，符合檔案中的風險"
        "承受等級{level}。",
        "我们建议流动资产采用“{name}”，预期年化收益{ret}，风险等级{risk}，符合档案中的风险"
        "承受等级{level}。"),
    "sum_succession": (
        "If {person} died today, {tax} of tax and costs would fall due on an estate of "
        "{estate}; the estate holds {cash} in liquid assets to pay them.",
        "假設{person}於今日身故，遺產{estate}需負擔稅費{tax}；遺產中可用於繳納的流動資產為{cash}。",
        "假设{person}于今日身故，遗产{estate}需负担税费{tax}；遗产中可用于缴纳的流动资产为{cash}。"),
    "sum_best_scenario": (
        "Of the arrangements compared, “{name}” leaves the most to the family: {net} after "
        "tax and costs.",
        "在比較的安排中，「{name}」讓家人承接最多財富：稅費後為{net}。",
        "在比较的安排中，“{name}”让家人承接最多财富：税费后为{net}。"),
    "sum_next": ("The action plan at the end lists the next steps and who takes them.",
                 "文末行動計劃列明後續步驟與負責人。", "文末行动计划列明后续步骤与负责人。"),
    # family
    "family_intro": (
        "The diagram shows the family members, the trusts and the companies they own, with "
        "ownership shares. Control means holding, directly or through controlled companies, more "
        "than half of the votes.",
        "下圖顯示家族成員、信託及其持有的企業與持股比例。「控制」指直接或透過受控企業持有過半數"
        "表決權。",
        "下图显示家族成员、信托及其持有的企业与持股比例。“控制”指直接或通过受控企业持有过半数"
        "表决权。"),
    "people": ("Family members", "家族成員", "家族成员"),
    "name": ("Name", "姓名", "姓名"),
    "age": ("Age", "年齡", "年龄"),
    "age_n": ("age {n}", "{n}歲", "{n}岁"),
    "relation": ("Relationship", "關係", "关系"),
    "domicile": ("Domicile", "居住地", "居住地"),
    "risk_profile": ("Risk tolerance", "風險承受等級", "风险承受等级"),
    "deceased_mark": ("deceased", "已故", "已故"),
    "companies": ("Family companies", "家族企業", "家族企业"),
    "company": ("Company", "企業", "企业"),
    "jurisdiction": ("Jurisdiction", "註冊地", "注册地"),
    "equity_value": ("Value of 100%", "企業整體價值", "企业整体价值"),
    "family_share": ("Family's look-through share", "家族穿透持股", "家族穿透持股"),
    "controller": ("Controlled by", "控制人", "控制人"),
    "no_controller": ("no single controller", "無單一控制人", "无单一控制人"),
    "trusts": ("Trusts", "信託", "信托"),
    "trustee": ("Trustee", "受託人", "受托人"),
    "settlor": ("Settlor", "委託人", "委托人"),
    "beneficiaries": ("Beneficiaries", "受益人", "受益人"),
    "revocable": ("revocable", "可撤銷", "可撤销"),
    "irrevocable": ("irrevocable", "不可撤銷", "不可撤销"),
    "rel_self": ("", "", ""),
    "rel_spouse_M": ("husband of {name}", "{name}之夫", "{name}之夫"),
    "rel_spouse_F": ("wife of {name}", "{name}之妻", "{name}之妻"),
    "rel_child_M": ("son of {name}", "{name}之子", "{name}之子"),
    "rel_child_F": ("daughter of {name}", "{name}之女", "{name}之女"),
    "rel_parent_M": ("father of {name}", "{name}之父", "{name}之父"),
    "rel_parent_F": ("mother of {name}", "{name}之母", "{name}之母"),
    "diagram_more": ("{n} more are listed in the tables below.", "另有{n}項列於下表。",
                     "另有{n}项列于下表。"),
    "diagram_legend": ("— marriage   │ parent and child   → ownership (economic share)",
                       "— 婚姻   │ 親子   → 持股（經濟權益比例）",
                       "— 婚姻   │ 亲子   → 持股（经济权益比例）"),
    # balance sheet
    "bs_intro": (
        "Companies are counted once, at the family's look-through share of their value; a "
        "company's own accounts and loans are inside its value. Personal guarantees are shown as "
        "contingent liabilities and are not deducted from net worth.",
        "企業按家族穿透持股比例計入一次；企業自身的帳戶與貸款已反映於企業價值中。個人擔保列為或有"
        "負債，不從淨資產中扣除。",
        "企业按家族穿透持股比例计入一次；企业自身的账户与贷款已反映于企业价值中。个人担保列为或有"
        "负债，不从净资产中扣除。"),
    "who": ("Member / trust", "成員／信託", "成员／信托"),
    "liquid": ("Liquid", "流動資產", "流动资产"),
    "property": ("Property", "不動產", "不动产"),
    "business": ("Business", "企業權益", "企业权益"),
    "policies": ("Policy values", "保單現金值", "保单现金值"),
    "liabilities": ("Liabilities", "負債", "负债"),
    "net_worth": ("Net worth", "淨資產", "净资产"),
    "guarantees": ("Guarantees", "擔保責任", "担保责任"),
    "total": ("Total", "合計", "合计"),
    "concentration": ("Share of gross assets in the family companies: {p}",
                      "家族企業權益佔總資產比例：{p}", "家族企业权益占总资产比例：{p}"),
    "by_currency": ("Net assets by currency", "按貨幣劃分的淨資產", "按货币划分的净资产"),
    "currency": ("Currency", "貨幣", "货币"),
    "amount_base": ("Amount ({cur})", "金額（{cur}）", "金额（{cur}）"),
    "share": ("Share", "佔比", "占比"),
    "amounts_in": ("Amounts in {cur}.", "金額單位：{cur}。", "金额单位：{cur}。"),
    "policies_table": ("Life insurance", "人壽保險", "人寿保险"),
    "insured": ("Insured", "被保險人", "被保险人"),
    "policyholder": ("Policyholder", "要保人", "投保人"),
    "sum_assured": ("Sum assured", "保額", "保额"),
    "cash_value": ("Cash value", "現金價值", "现金价值"),
    # goals
    "goals_intro": (
        "Each goal is met in a simulated future when every yearly amount is paid in full from "
        "liquid wealth. Probabilities come from {paths} simulated futures (seed {seed}); amounts "
        "are in today's money.",
        "某一目標在一條模擬情境中「達成」，指每年所需金額均由流動資產全額支付。機率來自{paths}條"
        "模擬情境（隨機種子{seed}）；金額以今日幣值計。",
        "某一目标在一条模拟情景中“达成”，指每年所需金额均由流动资产全额支付。概率来自{paths}条"
        "模拟情景（随机种子{seed}）；金额以今日币值计。"),
    "goal": ("Goal", "目標", "目标"),
    "priority": ("Priority", "優先級", "优先级"),
    "when": ("Years", "年度", "年度"),
    "per_year": ("Per year", "每年金額", "每年金额"),
    "probability": ("Probability", "達成機率", "达成概率"),
    "p_current": ("Current allocation", "現有配置", "现有配置"),
    "p_recommended": ("Recommended", "建議配置", "建议配置"),
    "essential": ("essential", "必要", "必要"),
    "important": ("important", "重要", "重要"),
    "aspirational": ("aspirational", "理想", "理想"),
    "all_essential": ("All essential goals", "全部必要目標", "全部必要目标"),
    "wealth_chart": ("Family wealth over time (today's money)",
                     "家族財富走勢（今日幣值）", "家族财富走势（今日币值）"),
    "wealth_chart_note": (
        "The band shows the middle 90% and 50% of simulated outcomes; the line is the median.",
        "色帶為模擬結果中間90%與50%的範圍，實線為中位數。",
        "色带为模拟结果中间90%与50%的范围，实线为中位数。"),
    "median": ("median", "中位數", "中位数"),
    "year": ("Year", "年份", "年份"),
    # allocation
    "alloc_intro": (
        "The family companies are held as they are; the recommendation concerns the liquid "
        "portfolio of {liquid}. Weights are shares of that portfolio.",
        "家族企業持股維持不變；本建議針對{liquid}的流動投資組合，權重為其佔該組合的比例。",
        "家族企业持股维持不变；本建议针对{liquid}的流动投资组合，权重为其占该组合的比例。"),
    "asset_class": ("Asset class", "資產類別", "资产类别"),
    "current": ("Current", "現有", "现有"),
    "recommended": ("Recommended", "建議", "建议"),
    "change": ("Change", "調整", "调整"),
    "expected_return": ("Expected return", "預期報酬", "预期收益"),
    "volatility": ("Volatility", "波動率", "波动率"),
    "suitability": ("Suitability statement", "適合度聲明", "适当性声明"),
    "suitability_text": (
        "The recommended portfolio has an overall risk level of {risk}. The risk tolerance on file "
        "is {level}{who}. {verdict} Products are matched to the client: a client of level Ck may "
        "hold products rated at or below Rk.",
        "建議組合的整體風險等級為{risk}；檔案中的風險承受等級為{level}{who}。{verdict}"
        "產品與客戶相匹配：風險承受等級為Ck的客戶可持有風險等級不高於Rk的產品。",
        "建议组合的整体风险等级为{risk}；档案中的风险承受等级为{level}{who}。{verdict}"
        "产品与客户相匹配：风险承受等级为Ck的客户可持有风险等级不高于Rk的产品。"),
    "suitable_yes": ("Every product in the recommendation is within this tolerance.",
                     "建議中的每一項產品均在此承受範圍之內。",
                     "建议中的每一项产品均在此承受范围之内。"),
    "suitable_no": ("Some products exceed this tolerance and may only be bought after a new "
                    "risk assessment: {items}.",
                    "部分產品超出此承受範圍，須重新進行風險評估後方可購買：{items}。",
                    "部分产品超出此承受范围，须重新进行风险评估后方可购买：{items}。"),
    "risk_unknown": ("not assessed", "尚未評估", "尚未评估"),
    "products_used": ("Products proposed", "建議產品", "建议产品"),
    "product": ("Product", "產品", "产品"),
    "weight": ("Weight", "權重", "权重"),
    "class_weight": ("Weight of its asset class", "所屬資產類別權重", "所属资产类别权重"),
    "risk_level": ("Risk level", "風險等級", "风险等级"),
    "alloc_chart": ("Current and recommended allocation of the liquid portfolio",
                    "流動投資組合：現有與建議配置", "流动投资组合：现有与建议配置"),
    # succession
    "succ_intro": (
        "What happens if {person} dies today, under each arrangement: the spouse's marital share "
        "first, then the will or the law, then tax and costs paid from the estate; insurance and "
        "trust assets pass outside the estate where the law allows.",
        "假設{person}於今日身故，在各項安排下：先分出配偶的夫妻共同財產份額，再依遺囑或法定繼承"
        "分配，稅費自遺產中先行支付；在法律允許的範圍內，保險金及信託財產不列入遺產。",
        "假设{person}于今日身故，在各项安排下：先分出配偶的夫妻共同财产份额，再依遗嘱或法定继承"
        "分配，税费自遗产中先行支付；在法律允许的范围内，保险金及信托财产不列入遗产。"),
    "scenario": ("Arrangement", "安排", "安排"),
    "estate": ("Estate", "遺產", "遗产"),
    "spouse_share": ("Spouse's marital share", "配偶夫妻財產份額", "配偶夫妻财产份额"),
    "tax": ("Tax and costs", "稅費", "税费"),
    "insurance": ("Insurance outside the estate", "遺產外保險金", "遗产外保险金"),
    "outside": ("Outside the estate", "遺產以外", "遗产以外"),
    "trust_interest": ("Held in trust", "信託持有", "信托持有"),
    "lifetime_gifts": ("Lifetime gifts", "生前贈與", "生前赠与"),
    "liquidity": ("Liquid assets in the estate", "遺產中的流動資產", "遗产中的流动资产"),
    "liquidity_gap": ("Liquidity gap", "流動性缺口", "流动性缺口"),
    "to_family": ("Received by the family", "家人合計承接", "家人合计承接"),
    "receives": ("Who receives what", "各繼承人所得", "各继承人所得"),
    "recipient": ("Recipient", "承接人", "承接人"),
    "control_after": ("Control of the companies afterwards", "身故後企業控制權",
                      "身故后企业控制权"),
    "flow_title": ("How the wealth flows: {name}", "財富流向：{name}", "财富流向：{name}"),
    "flow_deceased": ("Wealth of {name}", "{name}的財產", "{name}的财产"),
    "flow_reconcile": (
        "The spouse's share and the estate ({own}) come from {name}'s own property; the household "
        "page counts {name}'s net worth as {nw}{diff}. Insurance, trust assets and lifetime gifts "
        "({out}) pass outside it.",
        "配偶份額與遺產（{own}）來自{name}名下財產；家族頁所列{name}的淨資產為{nw}{diff}。"
        "保險金、信託資產與生前贈與（{out}）在其財產以外移轉。",
        "配偶份额与遗产（{own}）来自{name}名下财产；家族页所列{name}的净资产为{nw}{diff}。"
        "保险金、信托资产与生前赠与（{out}）在其财产以外转移。"),
    "flow_reconcile_diff": (
        " (the difference, {d}, is policy cash values that pay out, payouts that fall into the "
        "estate and, for joint marital property, what the estate takes from the spouse's name)",
        "（差額{d}為改以理賠給付的保單現金價值、歸入遺產的保險金，以及共同財產制下遺產自配偶名下取得的部分）",
        "（差额{d}为改以理赔给付的保单现金价值、归入遗产的保险金，以及共同财产制下遗产自配偶名下取得的部分）"),
    "rule_set": ("Rules applied: {id}, in force from {date}", "適用規則：{id}，自{date}起生效",
                 "适用规则：{id}，自{date}起生效"),
    "succ_missing": (
        "The succession comparison was not available when this proposal was produced.",
        "編製本建議書時尚無傳承比較結果。", "编制本建议书时尚无传承比较结果。"),
    "plan_missing": ("The simulation results were not available when this proposal was "
                     "produced.", "編製本建議書時尚無模擬結果。", "编制本建议书时尚无模拟结果。"),
    "base_case": ("As things stand", "現況", "现状"),
    "sc_current": ("Current will / intestacy", "現有遺囑／法定繼承", "现有遗嘱／法定继承"),
    "sc_will": ("Will: half to the spouse, half to the children", "遺囑：配偶一半，子女一半",
                "遗嘱：配偶一半，子女一半"),
    "sc_family-trust": ("Irrevocable family trust holding the liquid assets and the company "
                        "stakes", "不可撤銷家族信託，持有流動資產及企業股權",
                        "不可撤销家族信托，持有流动资产及企业股权"),
    "sc_insurance": ("Life policy sized to the tax and costs, paid to the children",
                     "按稅費規模配置的人壽保單，受益人為子女",
                     "按税费规模配置的人寿保单，受益人为子女"),
    "sc_gift-plan": ("Five years of gifts to the children", "連續五年贈與子女", "连续五年赠与子女"),
    "sc_business-handover": ("Hand {company} to {successor}, equalising the other children",
                             "將{company}交棒予{successor}，並平衡其他子女",
                             "将{company}交棒予{successor}，并平衡其他子女"),
    # actions
    "who_acts": ("Who", "負責人", "负责人"),
    "step": ("Step", "步驟", "步骤"),
    "by_when": ("When", "時間", "时间"),
    "family_side": ("Family", "家族", "家族"),
    "bank_side": ("Relationship manager", "客戶經理", "客户经理"),
    "advisers": ("Lawyer and tax adviser", "律師及稅務顧問", "律师及税务顾问"),
    "within_1m": ("within 1 month", "一個月內", "一个月内"),
    "within_3m": ("within 3 months", "三個月內", "三个月内"),
    "yearly": ("every year", "每年", "每年"),
    "act_rebalance": ("Move the liquid portfolio to the recommended allocation in steps, "
                      "starting with {first}.",
                      "分階段將流動投資組合調整至建議配置，先從{first}開始。",
                      "分阶段将流动投资组合调整至建议配置，先从{first}开始。"),
    "act_risk": ("Confirm or update the risk assessment of {names}.",
                 "確認或更新{names}的風險承受能力評估。", "确认或更新{names}的风险承受能力评估。"),
    "act_scenario": ("Review the arrangement “{name}” with the family's lawyer and put it in "
                     "place.", "與家族律師審閱「{name}」安排並付諸實施。",
                     "与家族律师审阅“{name}”安排并付诸实施。"),
    "act_will": ("{name} has no will on file: write one, so that the companies pass as intended.",
                 "{name}尚無遺囑記錄：建議訂立遺囑，使企業股權按意願傳承。",
                 "{name}尚无遗嘱记录：建议订立遗嘱，使企业股权按意愿传承。"),
    "act_liquidity": ("Provide {gap} of liquidity for tax and costs at death (life insurance or "
                      "a liquid reserve).", "為身故時的稅費預備{gap}的流動資金（人壽保險或流動"
                      "儲備）。", "为身故时的税费预备{gap}的流动资金（人寿保险或流动储备）。"),
    "act_guarantees": ("Review the personal guarantees of {contingent} for company loans and "
                       "agree a plan to release or cap them.",
                       "檢視為企業貸款提供的{contingent}個人擔保，商定解除或設定上限的方案。",
                       "检视为企业贷款提供的{contingent}个人担保，商定解除或设定上限的方案。"),
    "act_review": ("Review this plan together, and again after any major family or business "
                   "event.", "共同檢視本計劃；家庭或企業發生重大變化時再行檢視。",
                   "共同检视本计划；家庭或企业发生重大变化时再行检视。"),
    # products
    "products_intro": ("One sheet for each product named in the recommendation. Read it with "
                       "the product's offering documents, which prevail.",
                       "以下為建議中每項產品的說明，請與產品銷售文件一併閱讀，並以銷售文件為準。",
                       "以下为建议中每项产品的说明，请与产品销售文件一并阅读，并以销售文件为准。"),
    "what_it_is": ("What it is", "產品簡介", "产品简介"),
    "fees": ("Fees", "費用", "费用"),
    "risks": ("Main risks", "主要風險", "主要风险"),
    "fee_management": ("Management fee {p} a year", "管理費每年{p}", "管理费每年{p}"),
    "fee_subscription": ("subscription fee {p} once", "認購費一次性{p}", "认购费一次性{p}"),
    "fee_other": ("{name} {p}", "{name} {p}", "{name} {p}"),
    "liquidity_label": ("Liquidity", "流動性", "流动性"),
    "suitable_for": ("Suitable for clients of level {level} and above.",
                     "適合風險承受等級{level}或以上的客戶。",
                     "适合风险承受等级{level}或以上的客户。"),
    "no_products": ("The recommendation names no specific product.", "本建議未指定具體產品。",
                    "本建议未指定具体产品。"),
    # assumptions
    "assumption_set": ("Assumption set", "假設集", "假设集"),
    "vintage": ("Vintage", "版本", "版本"),
    "source": ("Source", "來源", "来源"),
    "method": ("Method", "方法", "方法"),
    "paths": ("Simulated paths", "模擬路徑數", "模拟路径数"),
    "seed": ("Random seed", "隨機種子", "随机种子"),
    "inflation": ("Inflation (mean / volatility)", "通膨（均值／波動）", "通胀（均值／波动）"),
    "returns_table": ("Expected returns and volatility by asset class",
                      "各資產類別的預期報酬與波動率", "各资产类别的预期收益与波动率"),
    "rule_sets": ("Succession rule sets", "傳承規則集", "传承规则集"),
    "rules_id": ("Rule set", "規則集", "规则集"),
    "in_force": ("In force from", "生效日期", "生效日期"),
    "references": ("References", "法律依據", "法律依据"),
    "reproduce": ("The same household file, assumption set, number of paths and seed give the "
                  "same figures in the Kinfolio app and in this document.",
                  "相同的家庭檔案、假設集、路徑數與隨機種子，在Kinfolio應用程式與本文件中得出相同"
                  "數字。", "相同的家庭档案、假设集、路径数与随机种子，在Kinfolio应用程序与本文件中"
                  "得出相同数字。"),
    "model_text": (
        "Returns are simulated each year as correlated lognormal draws with the arithmetic means "
        "and volatilities below; each family member's lifetime is drawn from a life table, and "
        "company values and dividends follow their own paths. Income stops at death; goals are "
        "paid from liquid wealth.",
        "每年的投資報酬以相關的對數常態分佈模擬，均值與波動率如下表；每位家族成員的壽命依生命表"
        "抽樣，企業價值與股利各自演變。收入於身故時停止；目標由流動財富支付。",
        "每年的投资收益以相关的对数正态分布模拟，均值与波动率如下表；每位家族成员的寿命依生命表"
        "抽样，企业价值与股利各自演变。收入于身故时停止；目标由流动财富支付。"),
    # disclaimers
    "disclaimer": (
        "This proposal is prepared for the named family only and is confidential. It is not an "
        "offer or a solicitation to buy or sell any product. Simulated outcomes are estimates "
        "based on the stated assumptions; they are not forecasts or guarantees, and actual "
        "results will differ. Past performance is not a reliable indicator of future results.\n"
        "Investment involves risk. The value of investments and the income from them can fall as "
        "well as rise, and you may not get back the amount invested. Products in foreign "
        "currencies are exposed to exchange-rate movements. Wealth-management products are not "
        "deposits and are not covered by deposit insurance unless stated.\n"
        "The succession figures illustrate the rules in force on the dates shown as we understand "
        "them; they are not legal or tax advice. Please consult a qualified lawyer and tax adviser "
        "in each jurisdiction concerned before acting.\n"
        "Information about the family was provided by the family and has not been audited. "
        "Please tell your relationship manager of any change in your circumstances.",
        "本建議書僅供上述家族參閱，屬機密文件，並不構成任何產品的買賣要約或招攬。模擬結果是依據所列"
        "假設作出的估算，並非預測或保證，實際結果將有所不同。過往表現不代表未來表現。\n"
        "投資涉及風險。投資價值及其收益可升可跌，您可能無法收回全部投資本金。外幣產品須承受匯率"
        "變動風險。理財產品不是存款，除另有說明外不受存款保險保障。\n"
        "傳承數據依我們對所示日期有效規則的理解作出說明，並非法律或稅務意見。採取行動前，請諮詢"
        "相關司法管轄區的合資格律師及稅務顧問。\n"
        "家族資料由家族提供，未經審計。如您的情況有任何變化，請告知您的客戶經理。",
        "本建议书仅供上述家族参阅，属机密文件，并不构成任何产品的买卖要约或招揽。模拟结果是依据所列"
        "假设作出的估算，并非预测或保证，实际结果将有所不同。过往业绩不代表未来表现。\n"
        "投资有风险，理财需谨慎。投资价值及其收益可升可跌，您可能无法收回全部投资本金。外币产品须"
        "承受汇率变动风险。理财产品不是存款，除另有说明外不受存款保险保障。\n"
        "传承数据依我们对所示日期有效规则的理解作出说明，并非法律或税务意见。采取行动前，请咨询"
        "相关司法管辖区的合资格律师及税务顾问。\n"
        "家族资料由家族提供，未经审计。如您的情况有任何变化，请告知您的客户经理。"),
    "yes": ("yes", "是", "是"),
    "none": ("none", "無", "无"),
}

JURISDICTION_NAMES: dict[str, tuple[str, str, str]] = {
    "CN": ("Mainland China", "中國內地", "中国内地"),
    "TW": ("Taiwan", "臺灣", "台湾"),
    "HK": ("Hong Kong", "香港", "香港"),
    "SG": ("Singapore", "新加坡", "新加坡"),
    "US": ("United States", "美國", "美国"),
    "UK": ("United Kingdom", "英國", "英国"),
    "JP": ("Japan", "日本", "日本"),
}

LIQUIDITY_NAMES: dict[str, tuple[str, str, str]] = {
    "daily": ("daily", "每日", "每日"),
    "weekly": ("weekly", "每週", "每周"),
    "monthly": ("monthly", "每月", "每月"),
    "quarterly": ("quarterly", "每季", "每季"),
    "illiquid": ("illiquid (held to term)", "流動性低（須持有至到期）", "流动性低（须持有至到期）"),
    "term": ("at maturity; early withdrawal loses interest", "到期可取；提前支取將損失利息",
             "到期可取；提前支取将损失利息"),
    "locked": ("locked for the fund's life (7–10 years)", "基金存續期內鎖定（7至10年）",
               "基金存续期内锁定（7至10年）"),
}

#: The main risks of a product by the class it invests in (the "product manual" wording).
CLASS_RISKS: dict[str, tuple[str, str, str]] = {
    "cash": ("Low: inflation may exceed the interest; amounts above the deposit-insurance limit "
             "depend on the bank.", "低：利息可能不及通膨；超出存款保險上限的部分取決於銀行信用。",
             "低：利息可能不及通胀；超出存款保险上限的部分取决于银行信用。"),
    "gov_bond": ("Interest-rate risk: prices fall when rates rise; net value can go down.",
                 "利率風險：利率上升時債券價格下跌，淨值可能下降。",
                 "利率风险：利率上升时债券价格下跌，净值可能下降。"),
    "credit": ("Credit and interest-rate risk: issuers may default; prices fall when spreads or "
               "rates rise.", "信用及利率風險：發行人可能違約；利差或利率上升時價格下跌。",
               "信用及利率风险：发行人可能违约；利差或利率上升时价格下跌。"),
    "cn_equity": ("Equity market risk: prices can fall sharply; policy and concentration risk "
                  "in one market.", "股票市場風險：價格可能大幅下跌；單一市場的政策與集中風險。",
                  "股票市场风险：价格可能大幅下跌；单一市场的政策与集中风险。"),
    "hk_equity": ("Equity market risk: prices can fall sharply; currency risk for non-HKD "
                  "investors.", "股票市場風險：價格可能大幅下跌；非港元投資者須承受匯率風險。",
                  "股票市场风险：价格可能大幅下跌；非港元投资者须承受汇率风险。"),
    "dm_equity": ("Equity market and currency risk: prices and exchange rates can fall.",
                  "股票市場及匯率風險：價格與匯率均可能下跌。",
                  "股票市场及汇率风险：价格与汇率均可能下跌。"),
    "em_equity": ("High equity, currency and political risk; large swings in value.",
                  "較高的股票、匯率及政治風險，價值波動大。",
                  "较高的股票、汇率及政治风险，价值波动大。"),
    "real_estate": ("Property-market and liquidity risk: selling may take time and the price is "
                    "uncertain.", "房地產市場及流動性風險：出售需時且價格不確定。",
                    "房地产市场及流动性风险：出售需时且价格不确定。"),
    "gold": ("Price risk: gold pays no income and its price can fall for long periods.",
             "價格風險：黃金不產生收益，價格可能長期下跌。",
             "价格风险：黄金不产生收益，价格可能长期下跌。"),
    "hedge_funds": ("Manager, leverage and liquidity risk: redemptions may be restricted.",
                    "管理人、槓桿及流動性風險：贖回可能受限。",
                    "管理人、杠杆及流动性风险：赎回可能受限。"),
    "private_equity": ("Illiquid for many years; capital calls; high risk of loss.",
                       "多年無法變現；須按要求注資；虧損風險高。",
                       "多年无法变现；须按要求注资；亏损风险高。"),
}


T.update(T_ADVICE)


def t(key: str, lang: str, **kw: object) -> str:
    """The text ``key`` in ``lang``, with ``{fields}`` filled from ``kw``."""
    s = T[key][_I[check_lang(lang)]]
    return s.format(**kw) if kw else s


def t_market(key: str, lang: str, jurisdiction: str, **kw: object) -> str:
    """Like :func:`t`, in the market's own legal and banking terms (Taiwan's in 繁體 for a
    Taiwan family: 剩餘財產差額分配請求權, 理財專員)."""
    if lang == "zh-Hant" and jurisdiction == "TW":
        s = TW_TERMS.get(key) or T[key][1]
        for mainland, taiwan in TW_WORDS.items():
            s = s.replace(mainland, taiwan)
        return s.format(**kw) if kw else s
    return t(key, lang, **kw)


def pick(entry: tuple[str, str, str], lang: str) -> str:
    return entry[_I[lang]]


def localized(value: object, lang: str, default: str = "") -> str:
    """A value that may be a plain string or a ``{"en": ..., "zh-Hant": ..., "zh-Hans": ...}``
    mapping (as in the product shelf)."""
    if value is None:
        return default
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or next(iter(value.values()), default))
    return str(value)
