// Confluent's own JavaScript client against the notes-pipeline registry: data contracts (metadata + CEL
// domain rules) registered, read back, and enforced at produce time by a serializer we did not write.
// Usage: node contract.js <registry-url> <contract.json>   (run-js.sh starts the registry and writes the file)
const fs = require('fs')
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
  const client = new SchemaRegistryClient({ baseURLs: [url],
    basicAuthCredentials: { credentialsSource: 'USER_INFO', userInfo: 'svc:interop-token' } })
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
  console.log(failures === 0 ? 'ALL OK' : `${failures} step(s) failed`)
  process.exit(failures === 0 ? 0 : 1)
}
main().catch(e => { console.error('FAILED', e); process.exit(2) })
