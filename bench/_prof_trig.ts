import { PGlite } from '@electric-sql/pglite';
const db = new PGlite();
await db.exec(`create table t (id bigserial primary key, unit text, a timestamptz, b timestamptz, c int, d text, e jsonb default '[]', f numeric, g boolean, h text);
create table reg (source_table text, day_column text);
create table days (k text, day date);
create or replace function inv() returns trigger language plpgsql as $$
declare c text;
begin
  for c in select distinct day_column from reg where source_table = tg_table_name loop
    execute format('delete from days d where d.day in (select distinct (%I at time zone ''Asia/Shanghai'')::date from new_rows)', c);
  end loop;
  return null;
end $$;`);
const N = 300000;
let csv = '';
for (let i = 0; i < N; i++) csv += `u${i % 100},2025-0${1 + (i % 9)}-1${i % 10}T10:00:00+08,2025-0${1 + (i % 9)}-1${i % 10}T12:00:00+08,${i},some text ${i},[],${i}.5,true,more text here\n`;
const blob = new Blob([csv]);
async function run(label: string) {
  await db.exec('truncate t');
  const t0 = performance.now();
  await db.query(`copy t (unit,a,b,c,d,e,f,g,h) from '/dev/blob' with (format csv)`, [], { blob });
  console.log(label, ((performance.now() - t0) / 1000).toFixed(2));
}
for (let r = 0; r < 2; r++) {
  await run('no trigger');
  await db.exec(`create trigger ti after insert on t referencing new table as new_rows for each statement execute function inv()`);
  await run('trigger, empty registry');
  await db.exec(`insert into reg values ('t','a')`);
  await run('trigger, registered');
  await db.exec(`delete from reg; drop trigger ti on t`);
}
