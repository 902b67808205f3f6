"""The funds workbook (domain.md §14, §11): 收入支出表 (each line label with its amount in the cell to its
right), 预算执行情况表, 现金日记账, 银行存款日记账 and the 经审 summary, written from ``funds.report``."""

from __future__ import annotations

from pathlib import Path

from unionoffice.domain import funds
from unionoffice.domain.money import yuan
from unionoffice.excel.writing import Column, new_workbook, value_cell
from unionoffice.ledgers.engine import Sheet, save, unit_name

STATEMENT = [Column("项目", 22), Column("金额（元）", 18, "money")]
EXECUTION = [Column("支出类别", 16), Column("预算（元）", 15, "money"), Column("已支出（元）", 15, "money"),
             Column("余额（元）", 15, "money"), Column("执行率", 10), Column("提示", 16)]
JOURNAL = [Column("日期", 12, "date"), Column("凭证号", 8), Column("摘要", 30), Column("类别", 14),
           Column("明细科目", 20), Column("收入（元）", 14, "money"), Column("支出（元）", 14, "money"),
           Column("余额（元）", 15, "money"), Column("来源", 14)]
REVIEW = [Column("项目", 24), Column("内容", 60)]
AMOUNT = Column("金额（元）", 18, "money")
SHEETS = ("收入支出表", "预算执行情况表", "现金日记账", "银行存款日记账", "经审摘要")


def rate_text(rate) -> str:
    return "" if rate is None else f"{rate * 100:.1f}%"


def write_funds(path: Path | str, year: int) -> Path:
    data = funds.report(year)
    unit = unit_name()
    wb = new_workbook()
    sheet = Sheet(wb, "收入支出表", f"{unit} 收入支出表（{year}年度）", STATEMENT)
    for label, fen in data["statement"]:
        sheet.row([label, yuan(fen)])

    sheet = Sheet(wb, "预算执行情况表", f"{unit} 预算执行情况表（{year}年度）", EXECUTION)
    rows = data["execution"]
    for r in rows:
        sheet.row([r["category"], yuan(r["budget_fen"]), yuan(r["spent_fen"]), yuan(r["remaining_fen"]),
                   rate_text(r["rate"]), r["warning"]])
    budget, spent = sum(r["budget_fen"] for r in rows), sum(r["spent_fen"] for r in rows)
    sheet.total({0: "合计", 1: yuan(budget), 2: yuan(spent), 3: yuan(budget - spent)})

    for settlement, name in ((funds.CASH, "现金日记账"), (funds.BANK, "银行存款日记账")):
        journal = data["journals"][settlement]
        sheet = Sheet(wb, name, f"{unit} {name}（{year}年）", JOURNAL)
        sheet.row([None, None, "上年结转", None, None, None, None, yuan(journal["opening_fen"]), None])
        for r in journal["rows"]:
            sheet.row([r["on"], r["number_text"], r["summary"], r["category"], r["item"], yuan(r["income_fen"]),
                       yuan(r["spending_fen"]), yuan(r["balance_fen"]), r["ref"]])
        sheet.total({0: "本年合计", 5: yuan(journal["income_fen"]), 6: yuan(journal["spending_fen"]),
                     7: yuan(journal["closing_fen"])})

    sheet = Sheet(wb, "经审摘要", f"{unit} 经费审查摘要（{year}年度）", REVIEW)
    for label, value in data["review"]:
        if label.endswith("（元）"):  # an amount: a number cell to the fen
            sheet.ws.append([label, value_cell(sheet.ws, yuan(value), AMOUNT)])
        else:
            sheet.row([label, value])
    save(wb, path)
    return Path(path)
