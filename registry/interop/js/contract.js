// Confluent's own JavaScript client against the notes-pipeline registry: data contracts (metadata + CEL
// domain rules) registered, read back, and enforced at produce time by a serializer we did not write.
// Usage: node contract.js <registry-url> <contract.json>   (run-js.sh starts `notes up` and writes the file)
// With NOTES_API_URL set (run-js.sh sets it and the variables below), it also works against the running pipeline:
// the serializer uses the contract `notes up` registered for notes.events, the valid bytes it writes are produced
// unchanged to notes.events (ProduceBytes.java) and must show up in the views, and the blank author it refuses is
// refused by the pipeline's REST publisher under the same rule name.
const fs = require('fs')
const { execFileSync } = require('child_process')
const { randomUUID } = require('crypto')
const assert = require('assert/strict')
const { SchemaRegistryClient, AvroSerializer, SerdeType, CelExecutor, RuleRegistry } = require('@confluentinc/schemaregistry')

const url = process.argv[2] || 'http://localhost:18081'
const body = JSON.parse(fs.readFileSync(process.argv[3] || 'notes-events.contract.json', 'utf8'))
const subject = `interop-js-${Date.now()}.events-value`
const topic = subject.replace(/-value$/, '')
let failures = 0

async function step(name, f) {
  try {
    const detail = await f()
    console.log(`ok   ${name}${detail ? ': ' + detail : ''}`)
  } catch (e) {
    failures++
    console.log(`FAIL ${name}: ${e.message}`)
  }
}

function event(author) {
  return {
    eventId: '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b', talkId: 'interop-js-talk', occurredAt: Date.now(),
    author, correlationId: 'interop-js', expectedRevision: null,
    payload: { 'io.notespipeline.schemas.avro.NoteAdded': { noteId: 'n1', parentId: null, position: 0, text: 'written by Confluent JS' } },
  }
}

async function main() {
  const token = process.env.NOTES_ADMIN_TOKEN || 'interop-token'
  const client = new SchemaRegistryClient({ baseURLs: [url],
    basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: `svc:${token}` } })
  const rules = body.ruleSet.domainRules
  const authorRequired = rules.find(r => r.name === 'authorRequired')

  await step('register NoteEvent with metadata and CEL rules', async () => {
    const id = await client.register(subject, body, false)
    return `subject=${subject} id=${id} rules=${rules.length}`
  })
  let latest
  await step('read back metadata.properties', async () => {
    latest = await client.getLatestSchemaMetadata(subject)
    assert.deepEqual(latest.metadata?.properties, body.metadata.properties)
    return JSON.stringify(latest.metadata.properties)
  })
  await step('read back ruleSet (authorRequired as registered)', async () => {
    const back = (latest?.ruleSet?.domainRules || []).find(r => r.name === 'authorRequired')
    assert.ok(back, `no authorRequired rule in the answer: ${JSON.stringify(latest?.ruleSet ?? null)}`)
    assert.deepEqual({ ...back, tags: back.tags ?? [], disabled: back.disabled ?? false }, authorRequired)
    return `${back.kind} ${back.mode} ${back.type} onFailure=${back.onFailure} expr=${back.expr}`
  })

  CelExecutor.register()
  const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true, autoRegisterSchemas: false })
  await step('AvroSerializer accepts a valid NoteEvent', async () => {
    const bytes = await serializer.serialize(topic, event('ann'))
    fs.writeFileSync('valid-event.hex', bytes.toString('hex'))
    return `${bytes.length} bytes, schema id ${bytes.readInt32BE(1)}`
  })
  await step('AvroSerializer refuses a NoteEvent with a blank author (rule authorRequired)', async () => {
    try {
      await serializer.serialize(topic, event('  '))
    } catch (e) {
      assert.match(e.message, /authorRequired/)
      return e.message
    }
    throw new Error('the blank author was accepted')
  })
  await step('AvroSerializer refuses a talk id outside the pattern (rule talkIdPattern)', async () => {
    try {
      await serializer.serialize(topic, { ...event('ann'), talkId: '../../etc' })
    } catch (e) {
      assert.match(e.message, /talkIdPattern/)
      return e.message
    }
    throw new Error('../../etc was accepted')
  })
  await step('AvroSerializer refuses a NoteAdded with blank text (payload union rule noteTextRequired)', async () => {
    const bad = event('ann')
    bad.payload['io.notespipeline.schemas.avro.NoteAdded'].text = ' \t'
    try {
      await serializer.serialize(topic, bad)
    } catch (e) {
      assert.match(e.message, /noteTextRequired/)
      return e.message
    }
    throw new Error('the blank text was accepted')
  })
  if (process.env.NOTES_API_URL) {
    await pipeline(client, token)
  }
  console.log(failures === 0 ? 'ALL OK' : `${failures} step(s) failed`)
  process.exit(failures === 0 ? 0 : 1)
}
/** The rule a serializer refusal names: the RuleConditionError's rule, else the name in its message. */
function ruleOf(e) {
  return e.rule?.name ?? (e.message.match(/rule (\w+)/i) || [])[1]
}

async function pipeline(client, token) {
  const api = process.env.NOTES_API_URL
  const auth = { Authorization: `Bearer ${token}` }
  const talkId = `interop-js-${Date.now()}`
  const envelope = (author, payload) => ({ eventId: randomUUID(), talkId, occurredAt: Date.now(), author,
    correlationId: 'interop-js-pipeline', expectedRevision: null, payload })
  const created = envelope('ann', { 'io.notespipeline.schemas.avro.TalkCreated': { title: 'Contracts from JavaScript',
    conference: null, speakers: ['Ann'], links: [], tags: ['interop'] } })
  const noteText = `written by Confluent JS ${randomUUID()}`
  const added = envelope('ann', { 'io.notespipeline.schemas.avro.NoteAdded': { noteId: 'n1', parentId: null,
    position: 0, text: noteText } })
  const blank = envelope('  ', { 'io.notespipeline.schemas.avro.NoteAdded': { noteId: 'n2', parentId: null,
    position: 1, text: 'refused' } })

  await step('pipeline: notes up registered notes.events-value with the built-in contract', async () => {
    const latest = await client.getLatestSchemaMetadata('notes.events-value')
    const names = (latest.ruleSet?.domainRules || []).map(r => r.name)
    assert.ok(names.includes('authorRequired'), `no authorRequired in ${JSON.stringify(names)}`)
    return `id ${latest.id}, version ${latest.version}, ${names.length} domain rules, properties ${JSON.stringify(latest.metadata?.properties)}`
  })
  const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true, autoRegisterSchemas: false })
  let jsRule
  await step('pipeline: AvroSerializer on notes.events refuses a blank author', async () => {
    try {
      await serializer.serialize('notes.events', blank)
    } catch (e) {
      jsRule = ruleOf(e)
      assert.equal(jsRule, 'authorRequired', e.message)
      return `rule ${jsRule}: ${e.message}`
    }
    throw new Error('the blank author was accepted')
  })
  await step('pipeline: the REST publisher refuses the same record under the same rule name', async () => {
    const response = await fetch(`${api}/v1/talks/${talkId}/events`, { method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'NoteAdded', eventId: blank.eventId, author: blank.author,
        payload: { noteId: 'n2', parentId: null, position: 1, text: 'refused' } }) })
    const body = await response.json()
    assert.equal(response.status, 422, JSON.stringify(body))
    const rules = (body.errors || []).map(e => e.rule)
    assert.deepEqual(rules, [jsRule], JSON.stringify(body))
    return `HTTP 422 ${body.error_code}, errors ${JSON.stringify(body.errors)}`
  })
  const file = 'pipeline-events.txt'
  await step('pipeline: AvroSerializer on notes.events accepts a valid TalkCreated and NoteAdded', async () => {
    const lines = []
    for (const event of [created, added]) {
      const bytes = await serializer.serialize('notes.events', event)
      lines.push(`${talkId} ${bytes.toString('hex')}`)
    }
    fs.writeFileSync(file, lines.join('\n') + '\n')
    return `${lines.length} records, schema id ${Buffer.from(lines[0].split(' ')[1], 'hex').readInt32BE(1)}`
  })
  await step('pipeline: the JS bytes, produced unchanged to notes.events, appear in the views', async () => {
    const produced = execFileSync('java', ['-cp', process.env.NOTES_JAR, process.env.PRODUCE_BYTES,
      process.env.NOTES_BOOTSTRAP, file], { encoding: 'utf8' }).trim()
    const deadline = Date.now() + 60_000
    let last = ''
    while (Date.now() < deadline) {
      const response = await fetch(`${api}/v1/talks/${talkId}`, { headers: auth })
      last = `${response.status} ${await response.text()}`
      if (response.status === 200 && last.includes(noteText)) {
        const view = JSON.parse(last.slice(4))
        const talk = view.talk ?? view
        assert.equal(talk.title, 'Contracts from JavaScript', last)
        return `${produced.replace(/\n/g, '; ')}; GET /v1/talks/${talkId}: title "${talk.title}", revision ${talk.revision}, note "${noteText}"`
      }
      await new Promise(resolve => setTimeout(resolve, 250))
    }
    throw new Error(`not in the views within 60 s; last answer ${last.slice(0, 300)}`)
  })
}

main().catch(e => { console.error('FAILED', e); process.exit(2) })
