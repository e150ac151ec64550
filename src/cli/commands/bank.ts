/**
 * Question banks on the command line: `import-bank`, `banks [enable|disable|delete <名称>]`, `check-bank`
 * (the shipped bank and every imported bank) and `export-bank`.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deleteBank, importBank, listBanks, loadAllBanks, setBankEnabled } from '../../bank/bank-registry.js';
import { balanceFindings, bankBalance, formatBalance, questionRuleFindings } from '../../bank/bank-rules.js';
import { exportBankXlsx } from '../../bank/export-xlsx.js';
import { LOCK_FILE, formatIssue, writeCitationLock } from '../../bank/load-bank.js';
import { BUILTIN_BANK, TYPE_LABELS } from '../../bank/question-schema.js';
import { NO_PROGRESS } from '../../core/progress.js';
import { loadStatuteLibrary } from '../../statutes/statute-library.js';
import type { CommandSpec } from '../commands.js';

const bankName = (flags: Readonly<Record<string, string | true>>) => (typeof flags.bank === 'string' ? flags.bank : undefined);

const importBankCommand: CommandSpec = {
  usage: 'import-bank <题库文件> [--bank 名称] [--skip-invalid]',
  summary: '导入本单位题库（.xlsx/.csv/.json/.txt），与内置题库分开保存，按编号更新；默认有错误就整个文件不导入',
  english: "import a bureau's question bank",
  flags: {
    bank: { value: '<名称>', help: '题库名称（默认取文件名）' },
    'skip-invalid': { help: '有错误的行跳过，只导入正确的行' },
  },
  maxArgs: 1,
  pathArgs: 1,
  needsStore: true,
  async run(args, { config, deps, io }) {
    const file = args.positional[0];
    if (!file) {
      io.out('请写出要导入的题库文件，例如：import-bank 执法资格题库.xlsx --bank 执法资格');
      return 2;
    }
    if (!existsSync(file)) {
      io.out(`找不到文件：${file}`);
      return 1;
    }
    const skipInvalid = !!args.flags['skip-invalid'];
    const r = await importBank(file, {
      dataDir: config.dataDir,
      laws: deps!.laws,
      questionsDir: config.questionsDir,
      skipInvalid,
      bankName: bankName(args.flags),
      now: deps!.clock.now(),
      progress: io.progress ?? NO_PROGRESS,
    });
    for (const e of r.errors) io.out(`错误 ${e.message}`);
    for (const w of r.warnings) io.out(`提示 ${w.message}`);
    io.out(
      r.written
        ? `题库“${r.bank}”：新增 ${r.imported} 题，更新 ${r.updated} 题，未变 ${r.unchanged} 题，跳过 ${r.skipped} 行（共 ${r.rows} 行）`
        : `未导入：${r.errors.length} 处错误，请按行号修改后重新导入${skipInvalid ? '' : '（或加 --skip-invalid 只导入正确的行）'}`,
    );
    if (r.written) {
      const loaded = await deps!.reloadBank();
      io.out(`题库已生效：当前可出题 ${loaded.questions} 道`);
    }
    return !r.written || (r.errors.length > 0 && !skipInvalid) ? 1 : 0;
  },
};

const exportBankCommand: CommandSpec = {
  usage: 'export-bank --out <文件.xlsx> [--bank 名称] [--format xlsx]',
  summary: '按导入模板导出题库（在 Excel 中修改后可再导入）',
  english: 'write a bank in the import template',
  flags: {
    out: { value: '<文件.xlsx>', path: true, help: '导出到哪个文件' },
    bank: { value: '<名称>', help: `导出哪个题库（默认内置题库 ${BUILTIN_BANK}）` },
    format: { value: 'xlsx', help: '文件格式，只支持 xlsx' },
  },
  maxArgs: 0,
  needsStore: false,
  async run(args, { config, io }) {
    if ((args.flags.format ?? 'xlsx') !== 'xlsx') {
      io.out(`--format 只支持 xlsx（收到 ${String(args.flags.format)}）`);
      return 2;
    }
    const out = args.flags.out;
    if (typeof out !== 'string') {
      io.out('请用 --out 写出导出的文件，例如：export-bank --out 题库.xlsx');
      return 2;
    }
    const name = bankName(args.flags) ?? BUILTIN_BANK;
    const { report } = await loadAllBanks({ questionsDir: config.questionsDir, dataDir: config.dataDir, laws: await loadStatuteLibrary(config.lawsDir) });
    const questions = report.questions.filter((q) => q.bank === name);
    if (questions.length === 0) {
      io.out(`题库“${name}”中没有题目（用 banks 查看有哪些题库）`);
      return 1;
    }
    const target = existsSync(out) && statSync(out).isDirectory() ? join(out, `题库_${name}.xlsx`) : out;
    if (!existsSync(dirname(target))) {
      io.out(`目录不存在：${dirname(target)}`);
      return 1;
    }
    const { rows } = await exportBankXlsx(questions, target);
    io.out(`已导出 ${target}：题库“${name}”共 ${rows} 题`);
    return 0;
  },
};

const banksCommand: CommandSpec = {
  usage: 'banks [enable|disable|delete <名称>]',
  summary: '查看题库列表（内置和导入的），或启用、停用、删除某个题库',
  english: 'list the question banks; enable, disable or delete one',
  flags: {},
  maxArgs: 2,
  needsStore: true,
  async run(args, { config, deps, io }) {
    const [verb, name] = args.positional;
    if (verb === undefined || verb === 'list') {
      for (const b of await listBanks(config.dataDir)) {
        io.out(
          `${b.name.padEnd(20)} ${b.builtin ? '内置' : '导入'}  ${b.enabled ? '启用' : '停用'}  ${b.questions !== undefined ? `${b.questions} 题` : ''}${b.source ? `  来源 ${b.source}` : ''}`,
        );
      }
      return 0;
    }
    if (verb !== 'enable' && verb !== 'disable' && verb !== 'delete') {
      io.out(`banks 后面可以写 enable、disable 或 delete（收到 ${verb}），例如：banks disable 执法资格`);
      return 2;
    }
    if (!name) {
      io.out(`请写出题库名称，例如：banks ${verb} 执法资格（用 banks 查看题库列表）`);
      return 2;
    }
    const known = (await listBanks(config.dataDir)).find((b) => b.name === name);
    if (!known) {
      io.out(`没有名为“${name}”的题库（用 banks 查看题库列表）`);
      return 1;
    }
    if (verb === 'delete') {
      const gone = await deleteBank(config.dataDir, name, deps!.clock.now());
      const loaded = await deps!.reloadBank();
      io.out(`已删除题库“${name}”（${gone.questions} 题），不再出题；当前可出题 ${loaded.questions} 道。`);
      io.out(`原题库文件保存在 ${gone.keptAt}，需要时可以用 import-bank 重新导入。`);
      return 0;
    }
    await setBankEnabled(config.dataDir, name, verb === 'enable');
    const loaded = await deps!.reloadBank();
    io.out(`${name}：${verb === 'enable' ? '已启用' : '已停用'}；当前可出题 ${loaded.questions} 道`);
    return 0;
  },
};

const checkBankCommand: CommandSpec = {
  usage: 'check-bank [--warnings] [--write-lock]',
  summary: '检查内置题库和全部导入题库：格式、所引法律和条文、版本、关键数字、重复题；内置题库另查结构规则',
  english: 'check the shipped and imported banks against the statute texts',
  flags: {
    warnings: { help: '逐条列出提示' },
    'write-lock': { help: `复核后记录内置题库所引条文的当前文本（${LOCK_FILE}）` },
  },
  maxArgs: 0,
  needsStore: false,
  async run(args, { config, io }) {
    const laws = await loadStatuteLibrary(config.lawsDir);
    const { report, refused, disabledBanks } = await loadAllBanks({ questionsDir: config.questionsDir, dataDir: config.dataDir, laws });
    const shipped = report.questions.filter((q) => q.bank === BUILTIN_BANK);
    if (args.flags['write-lock'] && report.errors.length === 0) {
      const lock = await writeCitationLock(config.questionsDir, shipped, laws);
      io.out(`已写入 ${LOCK_FILE}：${Object.keys(lock).length} 个所引条文`);
    }
    const importedErrors = refused.flatMap((r) => r.errors);
    for (const e of [...report.errors, ...importedErrors]) io.out(`错误 ${formatIssue(e)}`);
    if (args.flags.warnings) for (const w of report.warnings) io.out(`提示 ${formatIssue(w)}`);
    const byBank = new Map<string, number>();
    const byLaw = new Map<string, number>();
    const byType = new Map<string, number>();
    for (const q of report.questions) {
      byBank.set(q.bank, (byBank.get(q.bank) ?? 0) + 1);
      byLaw.set(q.basis.law, (byLaw.get(q.basis.law) ?? 0) + 1);
      byType.set(q.type, (byType.get(q.type) ?? 0) + 1);
    }
    const errorCount = report.errors.length + importedErrors.length;
    io.out(
      `共 ${report.questions.length} 题，涉及 ${byLaw.size} 部法律；错误 ${errorCount} 处，提示 ${report.warnings.length} 处${args.flags.warnings ? '' : '（加 --warnings 逐条列出）'}，待复核暂停出题 ${report.needsReview.length} 题`,
    );
    for (const [bank, n] of byBank)
      io.out(`  题库 ${bank}：${n} 题${bank === BUILTIN_BANK ? '（内置）' : ''}${disabledBanks.includes(bank) ? '（已停用）' : ''}`);
    for (const r of refused) io.out(`  题库 ${r.bank}：有 ${r.errors.length} 处错误，启动时不加载（修改后用 import-bank 重新导入）`);
    io.out(`按题型：${[...byType].map(([t, n]) => `${TYPE_LABELS[t as keyof typeof TYPE_LABELS] ?? t} ${n}`).join('，')}`);
    for (const [law, n] of [...byLaw].sort((a, b) => b[1] - a[1])) io.out(`  ${law}：${n}`);
    const balance = bankBalance(shipped);
    io.out('内置题库结构（questions/README.md）：');
    for (const line of formatBalance(balance)) io.out(`  ${line}`);
    const ruleFindings = shipped.flatMap((q) => questionRuleFindings(q).map((f) => ({ file: q.file, id: q.id, ...f })));
    const balanceIssues = balanceFindings(
      balance,
      laws.statutes.map((s) => s.shortTitle),
    );
    if (args.flags.warnings) for (const f of ruleFindings) io.out(`规则 ${formatIssue(f)}`);
    for (const b of balanceIssues) io.out(`规则 ${b}`);
    io.out(
      `内置题库结构规则：逐题不符 ${ruleFindings.length} 处${args.flags.warnings ? '' : '（加 --warnings 逐条列出）'}，整体不符 ${balanceIssues.length} 处`,
    );
    return errorCount > 0 || ruleFindings.length > 0 || balanceIssues.length > 0 ? 1 : 0;
  },
};

export const bankCommands = {
  'import-bank': importBankCommand,
  'export-bank': exportBankCommand,
  banks: banksCommand,
  'check-bank': checkBankCommand,
} as const;
