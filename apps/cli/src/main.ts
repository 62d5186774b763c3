// govperf command line: one subcommand per job; JSON on stdout unless --format says otherwise;
// user mistakes print one line on stderr and exit 1, never a stack trace.
import { Command, CommanderError, Option } from 'commander';
import { ahpCommand } from './commands/ahp';
import { fundingCommand, listsCommand } from './commands/application';
import { tokensIssueCommand, tokensListCommand, tokensRevokeCommand, usersAddCommand, usersDisableCommand, usersListCommand } from './commands/accounts';
import { auditExportCommand, auditListCommand, auditVerifyCommand } from './commands/audit';
import { entropyCommand } from './commands/entropy';
import { evaluateCommand } from './commands/evaluate';
import { evaluateStoredCommand, registerSystemCommand } from './commands/evaluate-stored';
import { explainCommand } from './commands/explain';
import { feedbackListCommand, feedbackOverdueCommand, feedbackProcessCommand } from './commands/feedback';
import { hotlineImportCommand } from './commands/hotline';
import { quickstartCommand } from './commands/quickstart';
import { appealsListCommand, rectificationListCommand, rectificationShowCommand, rectificationSuperviseCommand } from './commands/rectification';
import { dbMigrateCommand } from './commands/db';
import { importCommand } from './commands/import';
import { qualityCheckCommand, qualityReportCommand, rejectedCommand } from './commands/quality';
import { referenceImportCommand } from './commands/reference';
import { reportCommand } from './commands/report';
import { serveCommand } from './commands/serve';
import { startCommand } from './commands/start';
import { textAnalyzeCommand } from './commands/text';
import { topsisCommand } from './commands/topsis';
import { validateCommand } from './commands/validate';
import { CliError, cliLanguage, databaseUnreachable, inLanguage, USAGE_HINT, usageError, usageHint } from './errors';
import { parseFormat } from './io/output';

const formatOption = () => new Option('--format <format>', 'output: json, table or csv').default('json').argParser(parseFormat);

export function buildProgram(write: (text: string) => void): Command {
  const program = new Command('govperf')
    .description('govperf — 数字政务服务绩效管理平台 / performance management for digital government services')
    .version('0.1.0')
    .showHelpAfterError(USAGE_HINT)
    .exitOverride();

  program
    .command('ahp')
    .description('AHP weights from a pairwise judgement matrix (层次分析法): {"matrix": [[1, 3, "1/5"], …]} or {"experts": [matrix, …]}')
    .argument('<file>', 'JSON judgement file')
    .option('--ri <table>', 'random-index table: saaty_classic, saaty_2005, donegan_dodd_1991, tummala_ling_1998, jmcdm_extension', 'saaty_classic')
    .option('--method <method>', 'eigenvector (特征向量法), sum (和积法) or geometric (方根法)', 'eigenvector')
    .option('--allow-inconsistent', 'print the weights even when CR ≥ 0.1', false)
    .addOption(formatOption())
    .action(async (file: string, o) => write(await ahpCommand(file, o)));

  program
    .command('entropy')
    .description('Entropy weights (熵权法) from a CSV: first column the alternative id, the others criteria')
    .argument('<file>', 'CSV file')
    .option('--cost <criteria>', 'comma-separated cost criteria (smaller is better)')
    .option('--normalization <kind>', 'minmax (极差标准化, direction-aware) or sum (plain proportions)', 'minmax')
    .addOption(formatOption())
    .action(async (file: string, o) => write(await entropyCommand(file, o)));

  program
    .command('topsis')
    .description('TOPSIS ranking (逼近理想解排序法) from a CSV: first column the alternative id, the others criteria')
    .argument('<file>', 'CSV file')
    .requiredOption('--weights <w1,w2,…>', 'one weight per criterion, in column order (normalised)')
    .option('--cost <criteria>', 'comma-separated cost criteria (smaller is better)')
    .option('--normalization <kind>', 'vector, minmax or none', 'vector')
    .addOption(formatOption())
    .action(async (file: string, o) => write(await topsisCommand(file, o)));

  const evaluationOptions = (cmd: Command, factsRequired = true) =>
    (factsRequired
      ? cmd.requiredOption('--system <file>', 'indicator system (YAML)').requiredOption('--facts <file>', 'facts CSV: unit,period,metric,value')
      : cmd
          .requiredOption('--system <file-or-code>', 'with --facts: an indicator-system YAML file; without: the code of a system stored in the database')
          .option('--facts <file>', 'facts CSV: unit,period,metric,value (without it, metrics are computed from the database)')
          .option('--scope <org-unit>', 'database mode: the org unit whose subtree is evaluated (default: the root)')
          .option('--levels <levels>', 'database mode: comma-separated levels to evaluate, e.g. city,county')
          .option('--publish', 'database mode: publish the run', false))
      .option('--units <file>', 'units CSV: unit,name,parent,level,peer_group')
      .option('--period <period>', 'the period to evaluate (needed when the facts hold several)')
      .option('--allow-inconsistent', 'accept AHP judgements with CR ≥ 0.1', false)
      .addOption(formatOption());

  evaluationOptions(program.command('evaluate').description('Evaluate one period: scores, grades, ranks and lights per unit (绩效评估); from a facts file, or from the database'), false)
    .option('--topsis <normalization>', 'also rank by TOPSIS on the indicator values: vector or minmax')
    .action(async (o) => write(o.facts ? await evaluateCommand(o) : await evaluateStoredCommand(o)));

  const systems = program.command('systems').description('Indicator systems in the database (指标体系管理)');
  systems
    .command('register')
    .description('Validate an indicator-system file and store it as a version (same content again is a no-op)')
    .argument('<file>', 'indicator system (YAML)')
    .addOption(formatOption())
    .action(async (file: string, o) => write(await registerSystemCommand(file, o)));

  evaluationOptions(program.command('explain').description('Trace one unit\'s indicator score: facts → metric → formula → score → weight → contribution'))
    .requiredOption('--unit <id>', 'the unit')
    .requiredOption('--indicator <code>', 'the indicator code')
    .action(async (o) => write(await explainCommand(o)));

  program
    .command('validate')
    .description('Check an indicator-system file and print its summary and content hash')
    .argument('<file>', 'indicator system (YAML)')
    .option('--allow-inconsistent', 'accept AHP judgements with CR ≥ 0.1', false)
    .addOption(formatOption())
    .action(async (file: string, o) => write(await validateCommand(file, o)));

  program
    .command('quickstart')
    .description('Evaluate the bundled example (the national template on a sample of counties) and print the ranking')
    .addOption(formatOption().default('table'))
    .action(async (o) => write(await quickstartCommand(o)));

  program
    .command('serve')
    .description('Start the HTTP server and API (启动服务); configured by PORT, HOST, DATABASE_URL, GOVPERF_DATA_DIR, GOVPERF_BODY_LIMIT_MB, LOG_LEVEL')
    .option('--port <n>', 'port to listen on (overrides PORT; 0 picks a free port)')
    .action(async (o) => serveCommand(o));

  program
    .command('import')
    .description('Import a CSV or XLSX file of one fact type into the database (数据导入); safe to re-run')
    .argument('<type>', 'handling-records, ratings, events, feedback, manual-submissions, mystery-shopper-runs, operations, service-items, org-units, departments, apps')
    .argument('<file>', '.csv or .xlsx (first worksheet), header row = field names')
    .option('--source <name>', 'the source system (default: the file name); with source_id the idempotency key')
    .addOption(formatOption())
    .action(async (type: string, file: string, o) => write(await importCommand(type, file, o)));

  program
    .command('rejected')
    .description('List rejected records with their reasons, newest first (拒收记录)')
    .option('--type <type>', 'fact type')
    .option('--batch <id>', 'one import or HTTP batch')
    .option('--source <name>', 'source system')
    .option('--limit <n>', 'how many', '100')
    .addOption(formatOption().default('table'))
    .action(async (o) => write(await rejectedCommand(o)));

  const quality = program.command('quality').description('Data quality (数据质量)');
  quality
    .command('report')
    .description('Per source and day: received, accepted, failed checks, flagged, late, refused; stale sources')
    .option('--from <date>', 'YYYY-MM-DD')
    .option('--to <date>', 'YYYY-MM-DD')
    .option('--source <name>', 'one source system')
    .addOption(formatOption().default('table'))
    .action(async (o) => write(await qualityReportCommand(o)));
  quality
    .command('check')
    .description('Run the daily checks (concentrated ratings 刷分) for one day')
    .option('--date <date>', 'YYYY-MM-DD (default: yesterday, Beijing time)')
    .addOption(formatOption().default('table'))
    .action(async (o) => write(await qualityCheckCommand(o)));

  const rectification = program.command('rectification').description('The rectification ledger (整改台账): list, show, supervise');
  rectification
    .command('list')
    .description('Tasks generated from published runs, most escalated and earliest due first')
    .option('--unit <code>', 'a unit and its subtree')
    .option('--status <status>', 'open | in_progress | checking | closed')
    .option('--level <n>', '1 special plan, 2 optimisation, 3 user review')
    .option('--supervised', 'only the key-supervision list (重点督办)')
    .addOption(formatOption().default('table'))
    .action(async (o) => write(await rectificationListCommand(o)));
  rectification
    .command('show')
    .description('One task with its full history (plan, progress, re-measurements)')
    .argument('<id>', 'task id rt_…')
    .addOption(formatOption().default('table'))
    .action(async (id: string, o) => write(await rectificationShowCommand(id, o)));
  rectification
    .command('supervise')
    .description('Put overdue tasks on the key-supervision list and escalate them up the hierarchy (also run daily by the scheduler)')
    .addOption(formatOption().default('table'))
    .action(async (o) => write(await rectificationSuperviseCommand(o)));
  program
    .command('appeals')
    .description('Appeals against published results (申诉)')
    .option('--status <status>', 'pending | upheld | rejected')
    .addOption(formatOption().default('table'))
    .action(async (o) => write(await appealsListCommand(o)));

  const feedback = program.command('feedback').description('The feedback loop (反馈闭环): work orders, the overdue list, processing');
  feedback
    .command('list')
    .description('Work orders with their SLA clocks, earliest due first')
    .option('--unit <code>', 'a unit and its subtree')
    .option('--status <status>', 'pending_review | accepted | developing | testing | online | rejected')
    .option('--open', 'only open orders')
    .addOption(formatOption().default('table'))
    .action(async (o) => write(await feedbackListCommand(o)));
  feedback
    .command('overdue')
    .description('Open work orders past their deadline (超时工单), most escalated first')
    .addOption(formatOption().default('table'))
    .action(async (o) => write(await feedbackOverdueCommand(o)));
  feedback
    .command('process')
    .description('Process the stored submissions waiting in the queue now (the server does this every minute)')
    .addOption(formatOption().default('table'))
    .action(async (o) => write(await feedbackProcessCommand(o)));
  feedback
    .command('import-hotline')
    .description('Import 12345-hotline records (CSV/XLSX) into the feedback loop (导入12345热线工单); re-running a file only reports duplicates')
    .argument('<file>', '.csv or .xlsx; headers 工单编号, 来电时间, 诉求类型, 诉求内容, 所属区县(行政区划代码), 联系人, 联系电话, 事项编码 or their English aliases (docs/feedback-loop.md §9)')
    .option('--source <name>', 'the sending system (default: the file name)')
    .addOption(formatOption())
    .action(async (file, o) => write(await hotlineImportCommand(file, o)));

  program
    .command('reference')
    .description('Reference values beside results, e.g. the national average (参照值，如全国平均)')
    .command('import')
    .description('Import reference values (CSV or JSON) of a system: rows checked one by one, rejected with reasons; re-running a file changes nothing')
    .argument('<file>', '.csv with header indicator,period,reference,label_zh,label_en,value,source (reference optional, default national-average), or .json (array of such objects)')
    .requiredOption('--system <code>', 'the indicator system the values belong to')
    .addOption(formatOption())
    .action(async (file: string, o) => write(await referenceImportCommand(file, o)));

  const audit = program.command('audit').description('The tamper-evident audit trail (审计日志): verify, export, list');
  audit
    .command('verify')
    .description('Recompute every hash and link of the audit chain; exit 1 naming the first broken entry (审计链校验)')
    .addOption(formatOption().default('table'))
    .action(async (o) => write(await auditVerifyCommand(o)));
  audit
    .command('export')
    .description('Write the chain as NDJSON, one entry a line in order, then a last line {"head", "entries"} (审计链导出)')
    .option('--out <file>', 'file to write (default: stdout)')
    .action(async (o) => auditExportCommand(o, write));
  audit
    .command('list')
    .description('Audit entries, newest first (审计记录)')
    .option('--action <action>', "one action, e.g. evaluation.publish, or a prefix such as 'auth.*'")
    .option('--actor <name>', 'one actor')
    .option('--limit <n>', 'how many (1–1000)', '100')
    .option('--before <seq>', 'only entries before this one (the next page)')
    .addOption(formatOption().default('table'))
    .action(async (o) => write(await auditListCommand(o)));

  const users = program.command('users').description('Staff accounts (用户): add, list, disable');
  users
    .command('add')
    .description('Create a staff account bound to an org unit subtree; prints a generated password once (新建用户)')
    .argument('<username>', '3–64 characters: a-z 0-9 _ . -')
    .requiredOption('--role <role>', 'admin, evaluator, expert, data_operator, department_operator or auditor')
    .requiredOption('--org-unit <code>', 'GB/T 2260 code of the subtree the user works in (管辖范围)')
    .option('--name <name>', 'display name (姓名)')
    .option('--department <code>', 'department code (required for department_operator)')
    .addOption(formatOption().default('table'))
    .action(async (username: string, o) => write(await usersAddCommand(username, o)));
  users.command('list').description('All staff accounts (用户列表)').addOption(formatOption().default('table')).action(async (o) => write(await usersListCommand(o)));
  users
    .command('disable')
    .description('Disable an account and end its sessions (停用用户)')
    .argument('<username>')
    .addOption(formatOption().default('table'))
    .action(async (username: string, o) => write(await usersDisableCommand(username, o)));

  const tokens = program.command('tokens').description('API tokens for sending systems (数据接入令牌): issue, list, revoke');
  tokens
    .command('issue')
    .description('Issue an ingestion token scoped to fact types and an org unit subtree; prints it once (签发令牌)')
    .requiredOption('--name <name>', 'the sending system, e.g. 好差评系统')
    .requiredOption('--types <types>', 'comma-separated fact types, e.g. handling-records,ratings')
    .requiredOption('--org-unit <code>', 'GB/T 2260 code of the subtree it may send for')
    .option('--days <n>', 'days until it expires (1–730)', '365')
    .addOption(formatOption().default('table'))
    .action(async (o) => write(await tokensIssueCommand(o)));
  tokens.command('list').description('All tokens, never their secrets (令牌列表)').addOption(formatOption().default('table')).action(async (o) => write(await tokensListCommand(o)));
  tokens
    .command('revoke')
    .description('Revoke a token at once (吊销令牌)')
    .argument('<id>', 'tok_…')
    .addOption(formatOption().default('table'))
    .action(async (id: string, o) => write(await tokensRevokeCommand(id, o)));

  const report = program.command('report').description('Reports (报告): the monthly report (月报) and annual white paper (白皮书) from published runs, as .docx (and PDF with LibreOffice)');
  for (const [kind, period] of [['monthly', ['--period <YYYY-MM>', 'the month; a quarterly or annual system uses the published run covering it']], ['annual', ['--year <YYYY>', 'the year']]] as const) {
    report
      .command(kind)
      .description(kind === 'monthly' ? 'The monthly report (月报) of one month' : 'The annual white paper (白皮书) of one year')
      .option(period[0], period[1])
      .option('--out <file.docx>', 'the report to write')
      .option('--pdf', 'also convert it to PDF (needs LibreOffice: soffice on PATH)', false)
      .option('--scope <org-unit>', 'the org unit the report is about (default: the root)')
      .option('--system <code>', 'the indicator system (default: the one with a published run for the period)')
      .option('--lang <lang>', 'zh (default) or en', 'zh')
      .option('--draft <file.json>', 'also write the editable draft (suggestions and all) as JSON')
      .option('--from-draft <file.json>', 'render an edited draft instead of drafting from the database')
      .option('--inputs <file.json>', 'rectification summary and feedback tags: {"rectification": {…}, "feedbackTags": […]}')
      .action(async (o) => write(await reportCommand(kind, o)));
  }

  program
    .command('lists')
    .description('Result-application lists of a published run (结果运用名单): commendation (通报表扬, top share N periods running) and interview (约谈, bottom share)')
    .option('--run <id>', 'the published evaluation run, run_<uuid>')
    .option('--top-share <share>', 'commendation: top share of the peer group, 0–1 (default 0.2)')
    .option('--periods <n>', 'commendation: consecutive periods, the current one last (default 2)')
    .option('--bottom-share <share>', 'interview: bottom share of the peer group, 0–1 (default 0.1)')
    .option('--min-group <n>', 'smallest peer group that gets list entries (default 5)')
    .option('--format <format>', 'table (default) or json')
    .action(async (o) => write(await listsCommand(o)));

  program
    .command('funding')
    .description('Budget linkage (以效定补): divide a funding pool across one peer group of a published run, in whole yuan by largest remainder; --out writes the Excel workbook')
    .option('--run <id>', 'the published evaluation run, run_<uuid>')
    .option('--group <peer-group>', 'the peer group, e.g. county')
    .option('--pool <yuan>', 'the pool in whole yuan, e.g. 1000000')
    .option('--method <method>', 'proportional, above-floor or grade-coefficients')
    .option('--floor <score>', 'above-floor: the score the basis starts from (0–100)')
    .option('--coefficients <pairs>', 'grade-coefficients: GRADE=NUMBER pairs, e.g. excellent=1.2,good=1,fair=0.8,poor=0')
    .option('--out <file.xlsx>', 'the workbook to write (audited as funding.export); without it the allocation is printed')
    .option('--format <format>', 'table (default) or json')
    .action(async (o) => write(await fundingCommand(o)));

  const text = program.command('text').description('Offline Chinese text processing of citizen feedback (文本分析): sentiment, tags, alerts');
  text
    .command('analyze')
    .description('One text per line in, one JSON object per line out: {"text", "sentiment", "score", "tags"} (+ "alerts" when any); empty lines skipped')
    .argument('<file>', "UTF-8 text file, one feedback item per line; '-' reads stdin")
    .option('--taxonomy <file>', 'tag taxonomy JSON replacing the default government-app tags (see docs/text-processing.md)')
    .action(async (file: string, o) => textAnalyzeCommand(file, o, write));

  program
    .command('start')
    .description('npm start: the platform with the demo province (loaded, evaluated and published on the first start with an empty embedded database)')
    .option('--port <n>', 'port to listen on (overrides PORT)')
    .option('--scale <factor>', 'demo size on the first start: 1 ≈ a million handling records (default 1)')
    .action(async (o) => startCommand(o));

  const db = program.command('db').description('Database administration (数据库管理)');
  db.command('migrate')
    .description('Bring the database (DATABASE_URL, or the embedded one in GOVPERF_DATA_DIR) to the latest schema')
    .addOption(formatOption().default('table'))
    .action(async (o) => write(await dbMigrateCommand(o)));

  return program;
}

export async function run(argv: readonly string[], io: { out: (s: string) => void; err: (s: string) => void }): Promise<number> {
  const program = buildProgram(io.out);
  const language = cliLanguage();
  // Every (sub)command: each copied its parent's output settings when it was created.
  const output = {
    writeOut: io.out,
    writeErr: (s: string) => io.err(s === `${USAGE_HINT}\n` ? `${usageHint(language)}\n` : s),
    outputError: (s: string, write: (s: string) => void) => write(usageError(s, language)),
  };
  const configure = (command: Command): void => {
    command.configureOutput(output);
    command.commands.forEach(configure);
  };
  configure(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    // A database that cannot be reached is the user's to fix, not an internal error.
    const problem = error instanceof CliError ? error : databaseUnreachable(error, 'DATABASE_URL');
    if (problem) {
      io.err(inLanguage(problem.text, language).map((line) => `govperf: ${line}\n`).join(''));
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    const internal = { zh: `内部错误：${message}\n（请连同所运行的命令一起报告此问题）`, en: `internal error: ${message}\n(please report this with the command you ran)` };
    io.err(inLanguage(internal, language).map((line, i) => (i === 0 || line.startsWith('internal') || line.startsWith('内部') ? `govperf: ${line}\n` : `${line}\n`)).join(''));
    return 3;
  }
}

// Run when executed as the CLI (not when imported by tests).
if (process.argv[1] && /govperf(\.mjs)?$|main\.ts$/.test(process.argv[1])) {
  // `govperf … | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const code = await run(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) });
  process.exitCode = code;
}
